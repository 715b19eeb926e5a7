using System.Text.Json;
using Lumina.Functions.Hosting;
using Lumina.Functions.Triggers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Lumina.Functions.Http;

/// <summary>
/// The non-HTTP triggers of the Functions custom handler: the host POSTs <c>/{FunctionName}</c> with
/// <c>{"Data": ..., "Metadata": ...}</c> and reads back <c>{"Outputs": ..., "Logs": [...], "ReturnValue": ...}</c>.
/// </summary>
public static class InvocationApi
{
    public const string BlobUploaded = "BlobUploaded";
    public const string WorkQueue = "WorkQueue";
    public const string KeepMoving = "KeepMoving";

    /// <summary>How long a queue-triggered invocation keeps its instance working; a timer-triggered one stays shorter.</summary>
    public static readonly TimeSpan QueueBudget = TimeSpan.FromMinutes(4);

    public static readonly TimeSpan TimerBudget = TimeSpan.FromSeconds(50);

    public static bool Handles(PathString path) =>
        path.Equals("/" + BlobUploaded, StringComparison.OrdinalIgnoreCase) || path.Equals("/" + WorkQueue, StringComparison.OrdinalIgnoreCase)
        || path.Equals("/" + KeepMoving, StringComparison.OrdinalIgnoreCase);

    public static void MapInvocationApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/" + BlobUploaded, BlobAsync);
        endpoints.MapPost("/" + WorkQueue, (HttpRequest request, [FromServices] WorkDrain drain, CancellationToken ct) => DrainAsync(request, drain, QueueBudget, ct));
        endpoints.MapPost("/" + KeepMoving, (HttpRequest request, [FromServices] WorkDrain drain, CancellationToken ct) => DrainAsync(request, drain, TimerBudget, ct));
    }

    /// <summary>What the host sends: the trigger's data and metadata.</summary>
    public sealed record InvocationRequest(JsonElement? Data, JsonElement? Metadata);

    /// <summary>What the host reads back (PascalCase, as the custom handler protocol names it).</summary>
    public sealed record InvocationResponse(Dictionary<string, object?> Outputs, IReadOnlyList<string> Logs, object? ReturnValue);

    private static async Task<IResult> BlobAsync(HttpRequest request, [FromServices] BlobUploads uploads, CancellationToken ct)
    {
        if (await ReadAsync(request, ct) is not { } invocation)
        {
            return Invalid("the body is not a custom handler invocation ({\"Data\": ..., \"Metadata\": ...})");
        }

        // BlobTrigger is the blob's "container/path"; its ETag comes with the blob's properties.
        var metadata = invocation.Metadata ?? default;
        if (Text(metadata, "BlobTrigger") is not { } blobTrigger || blobTrigger.Split('/', 2) is not [var container, var path])
        {
            return Invalid("the blob trigger invocation has no Metadata.BlobTrigger (\"container/path\")");
        }

        var etag = Properties(metadata) is { } properties ? Text(properties, "ETag") : null;
        var outcome = await uploads.ReceivedAsync(container, path, etag, ct);
        return Respond(outcome.Logs, new { started = outcome.Started });
    }

    private static async Task<IResult> DrainAsync(HttpRequest request, WorkDrain drain, TimeSpan budget, CancellationToken ct)
    {
        if (await ReadAsync(request, ct) is null)
        {
            return Invalid("the body is not a custom handler invocation ({\"Data\": ..., \"Metadata\": ...})");
        }

        var report = await drain.RunAsync(budget, ct);
        return Respond(
            [$"work waiting at the start: {Describe(report.Before)}; at the end: {Describe(report.After)}; after {report.Elapsed.TotalSeconds:F1} s"],
            new { idle = report.After.IsIdle });
    }

    private static string Describe(Durable.Hosting.PendingWork work) =>
        $"{work.Events} orchestration events, {work.FreeTasks} activities to claim, {work.HeldTasks} running";

    private static async Task<InvocationRequest?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<InvocationRequest>(request.Body, cancellationToken: ct);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonElement? Properties(JsonElement metadata) =>
        metadata.ValueKind == JsonValueKind.Object && Property(metadata, "Properties") is { ValueKind: JsonValueKind.Object } p ? p : null;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static JsonElement? Property(JsonElement element, string name) =>
        element.EnumerateObject().Where(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value).FirstOrDefault();

    private static IResult Respond(IReadOnlyList<string> logs, object returnValue) =>
        TypedResults.Json(new InvocationResponse([], logs, returnValue), ProtocolJson);

    private static IResult Invalid(string message) =>
        TypedResults.Json(new InvocationResponse([], [message], null), ProtocolJson, statusCode: StatusCodes.Status400BadRequest);

    /// <summary>The protocol's own names, not the API's camelCase.</summary>
    private static readonly JsonSerializerOptions ProtocolJson = new();
}
