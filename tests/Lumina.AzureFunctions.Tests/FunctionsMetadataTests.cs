using System.Text.Json;
using System.Text.RegularExpressions;
using Lumina.Durable.Http;
using Lumina.Functions.Http;
using Lumina.Functions.Jobs;
using Lumina.Functions.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Lumina.Testing;

namespace Lumina.AzureFunctions.Tests;

/// <summary>
/// The Functions app as the SDK built it (this project builds it first): functions.metadata against the README's HTTP
/// API table and the orchestrators and activities Lumina registers; extensions.json; host.json.
/// </summary>
public sealed partial class FunctionsMetadataTests
{
    internal static readonly string AppOutput = Path.Combine(
        RepoPaths.Root, "src", "Lumina.AzureFunctions", "bin", Configuration, "net10.0");

    private static string Configuration =>
        typeof(FunctionsMetadataTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .Cast<System.Reflection.AssemblyConfigurationAttribute>().Single().Configuration;

    private sealed record Function(string Name, JsonElement Trigger)
    {
        public string Type => Trigger.GetProperty("type").GetString()!;

        public string? Text(string property) => Trigger.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }

    private static List<Function> Functions()
    {
        var path = Path.Combine(AppOutput, "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: the SDK did not generate the app's metadata");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement.EnumerateArray()
            .Select(f => new Function(
                f.GetProperty("name").GetString()!,
                f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal))))
            .ToList();
    }

    [Fact]
    public void EveryFunctionIsAnOrchestrationActivityHttpOrBlobTriggerAndTheReadmeCountsThemAll()
    {
        var functions = Functions();
        Assert.Empty(functions.Where(f => f.Type is not ("orchestrationTrigger" or "activityTrigger" or "httpTrigger" or "blobTrigger")).Select(f => $"{f.Name}: {f.Type}"));
        Assert.Equal(functions.Count, functions.Select(f => f.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var counted = ReadmeCount().Match(readme);
        Assert.True(counted.Success, "the README's Functions section does not say how many functions functions.metadata has");
        Assert.Equal(functions.Count, int.Parse(counted.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void FunctionsThatStartOrFollowJobsTakeTheDurableClientBinding()
    {
        var path = Path.Combine(AppOutput, "functions.metadata");
        var withClient = JsonDocument.Parse(File.ReadAllText(path)).RootElement.EnumerateArray()
            .Where(f => f.GetProperty("bindings").EnumerateArray().Any(b => b.GetProperty("type").GetString() == "durableClient"))
            .Select(f => f.GetProperty("name").GetString()!).ToHashSet();
        var http = Functions().Where(f => f.Type == "httpTrigger").Select(f => f.Name);
        // The catalogs' reads, the library, review and rejected routes, the sign-in and the web UI's pages never touch a job.
        var jobless = Functions().Where(f => f.Type == "httpTrigger" && (!f.Text("route")!.StartsWith("api/", StringComparison.Ordinal)
            || f.Text("route")!.StartsWith("api/catalogs", StringComparison.Ordinal) || f.Text("route") == "api/session")).Select(f => f.Name)
            .Except(["CatalogsDelete", "CatalogsHealth"]).ToList();

        Assert.Equal(http.Except(jobless).Order(StringComparer.Ordinal), withClient.Intersect(http).Order(StringComparer.Ordinal));
        Assert.Contains("BlobUploaded", withClient);
        // The health summary's report is made by the health service, which follows jobs through the client.
        Assert.Equal(["health-summary"], withClient.Intersect(JobRegistration.Tasks().Activities.Keys));
    }

    [Fact]
    public void EveryOrchestratorAndActivityLuminaRegistersHasItsFunctionUnderTheSameName()
    {
        var functions = Functions();
        var tasks = JobRegistration.Tasks();

        Assert.Equal(tasks.Orchestrators.Keys.Order(StringComparer.Ordinal), functions.Where(f => f.Type == "orchestrationTrigger").Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal(tasks.Activities.Keys.Order(StringComparer.Ordinal), functions.Where(f => f.Type == "activityTrigger").Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Each route of the table is one function; Lumina checks its key (<see cref="KeyAuthorization.Needs"/>) as the table says,
    /// under serve and in the Functions app alike, so the function is anonymous to the host, but for the one the table says the
    /// host's function key opens (Event Grid's).
    /// </summary>
    [Fact]
    public void EveryRouteOfTheReadmesHttpApiTableIsAnHttpFunctionWithItsMethodAndKey()
    {
        var http = Functions().Where(f => f.Type == "httpTrigger").ToList();
        var documented = ReadmeRoutes();
        Assert.True(documented.Count >= 47, $"only {documented.Count} routes parsed from the README's HTTP API table: {string.Join(", ", documented.Select(r => $"{r.Method} {r.Path}"))}");
        Assert.Equal(3, documented.Count(r => r.Needs is null));
        Assert.Equal(["api/events/blobs"], documented.Where(r => r.HostKey).Select(r => r.Path));

        foreach (var route in documented)
        {
            var matches = http.Where(f => f.Text("route") == route.Path
                && f.Trigger.GetProperty("methods").EnumerateArray().Any(m => string.Equals(m.GetString(), route.Method, StringComparison.OrdinalIgnoreCase))).ToList();
            var function = Assert.Single(matches);
            Assert.True(function.Text("authLevel") == (route.HostKey ? "Function" : "Anonymous"), $"{route.Method} {route.Path} is {function.Text("authLevel")}");
            Assert.True(KeyAuthorization.Needs(route.Method, "/" + route.Path) == route.Needs,
                $"{route.Method} {route.Path}: Lumina asks for {KeyAuthorization.Needs(route.Method, "/" + route.Path)?.ToString() ?? "no key"}, the README for {route.Needs?.ToString() ?? "no key"}");
        }

        // The web UI's pages and files are not API routes (TheWebUisPagesAndFilesAreAnonymousFunctionsAtTheSiteRoot).
        var undocumented = http.Where(f => f.Text("route")!.StartsWith("api/", StringComparison.Ordinal) && !documented.Any(r => r.Path == f.Text("route")))
            .Select(f => $"{f.Name} ({f.Text("route")})").ToList();
        Assert.True(undocumented.Count == 0, $"HTTP functions the README's table does not list: {string.Join(", ", undocumented)}");
    }

    [Fact]
    public void TheWebUisPagesAndFilesAreAnonymousFunctionsAtTheSiteRoot()
    {
        var outsideApi = Functions().Where(f => f.Type == "httpTrigger" && !f.Text("route")!.StartsWith("api/", StringComparison.Ordinal)).ToList();
        Assert.All(outsideApi, f => Assert.Equal("Anonymous", f.Text("authLevel")));
        Assert.All(outsideApi, f => Assert.Equal(["get"], f.Trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant())));
        // Each page address lumina serve maps (WebUiApi) is one function; "/" is the site root; Lumina asks no key for any.
        var pages = WebUiApi.Pages.Select(p => p == "/" ? "/" : p.TrimStart('/')).Append(WebUiApi.AssetPrefix.TrimStart('/') + "/{*path}");
        Assert.Equal(pages.Order(StringComparer.Ordinal), outsideApi.Select(f => f.Text("route")!).Order(StringComparer.Ordinal));
        Assert.All(outsideApi, f => Assert.Null(KeyAuthorization.Needs("GET", "/" + f.Text("route")!.TrimStart('/'))));
    }

    [Fact]
    public void UploadsArriveThroughAnEventGridSourcedBlobTriggerOnTheOriginalsContainer()
    {
        var blob = Assert.Single(Functions(), f => f.Type == "blobTrigger");
        Assert.Equal("BlobUploaded", blob.Name);
        Assert.Equal("EventGrid", blob.Text("source"));
        Assert.Equal("%LUMINA_ORIGINALS_CONTAINER%/{name}", blob.Text("path"));
        Assert.Equal("PhotoStorage", blob.Text("connection"));
        Assert.DoesNotContain(Functions(), f => f.Type is "queueTrigger" or "timerTrigger");
    }

    [Fact]
    public void TheHostLoadsTheDurableTaskAndBlobExtensionsAndRunsTheIsolatedWorker()
    {
        var extensions = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppOutput, "extensions.json"))).RootElement
            .GetProperty("extensions").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();
        Assert.Contains("DurableTask", extensions);
        Assert.Contains("AzureStorageBlobs", extensions);

        var worker = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppOutput, "worker.config.json"))).RootElement.GetProperty("description");
        Assert.Equal("dotnet-isolated", worker.GetProperty("language").GetString());
        Assert.True(File.Exists(Path.Combine(AppOutput, worker.GetProperty("defaultWorkerPath").GetString()!)));

        var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppOutput, "host.json"))).RootElement;
        Assert.False(host.TryGetProperty("customHandler", out _), "the isolated app's host.json has no customHandler");
        Assert.False(host.TryGetProperty("extensionBundle", out _), "the isolated app brings its extensions (extensions.json), no bundle");
        var durable = host.GetProperty("extensions").GetProperty("durableTask");
        Assert.Equal("%LUMINA_TASK_HUB%", durable.GetProperty("hubName").GetString());
        Assert.Equal("AzureStorage", durable.GetProperty("storageProvider").GetProperty("type").GetString());
        // No route prefix: the web UI's pages are at the site root, the API functions' routes carry api/ themselves.
        Assert.Equal("", host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    /// <param name="Needs">The key the table says the route needs (null: none).</param>
    /// <param name="HostKey">The table says the Functions host's own function key opens it (not Lumina's).</param>
    private sealed record DocumentedRoute(string Method, string Path, KeyRole? Needs, bool HostKey = false);

    /// <summary>
    /// The app's routes in the README's HTTP API table: each row's backticked <c>METHOD /api/...</c> (a following
    /// <c>.../x/y</c> replaces the route before it from its last <c>x</c> segment on, or its last segments if it has
    /// none), without the leading slash (host.json's route prefix is empty), query left off. <c>/api/durabletask/...</c>
    /// stands for the management routes <c>lumina serve</c> maps there. Rows outside <c>/api/</c> are the Functions
    /// host's own (<c>/runtime/webhooks/durabletask</c>, the DurableTask extension's). A row saying it needs the admin
    /// key, or no key, or the host's function key, says so for each of its routes.
    /// </summary>
    private static List<DocumentedRoute> ReadmeRoutes()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var section = readme[readme.IndexOf("\n## HTTP API", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        var routes = new List<DocumentedRoute>();
        foreach (var row in section.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var cells = row.Split(" | ");
            KeyRole? needs = cells[^1].Contains("needs the admin key", StringComparison.Ordinal) ? KeyRole.Admin
                : cells[^1].Contains("need no key", StringComparison.Ordinal) ? null : KeyRole.Function;
            var hostKey = cells[^1].Contains("the host's function key", StringComparison.Ordinal);
            string? method = null, previous = null;
            foreach (Match code in Backticked().Matches(cells[0]))
            {
                var text = code.Groups[1].Value;
                if (RouteText().Match(text) is { Success: true } m)
                {
                    (method, previous) = (m.Groups[1].Value, m.Groups[2].Value);
                }
                else if (text == JobsApi.DurableApiPrefix + "/...")
                {
                    // The management API's routes, as lumina serve maps them; only the admin key opens them.
                    routes.AddRange(ManagementRoutes());
                    continue;
                }
                else if (text.StartsWith(".../", StringComparison.Ordinal) && method is not null && previous is not null)
                {
                    previous = Sibling(previous.Split('?')[0], text[4..]);
                }
                else
                {
                    continue;
                }

                if (previous.StartsWith("/api/", StringComparison.Ordinal))
                {
                    routes.Add(new DocumentedRoute(method, previous[1..].Split('?', '[')[0], needs, hostKey));
                }
            }
        }

        return routes;
    }

    private static string Sibling(string previous, string rest)
    {
        var segments = previous.Split('/');
        var tail = rest.Split('/');
        var from = Array.LastIndexOf(segments, tail[0]);
        return string.Join('/', segments[..(from > 0 ? from : segments.Length - tail.Length)]) + "/" + rest;
    }

    /// <summary>The routes <see cref="DurableManagementApi.MapDurableManagementApi"/> maps under /api/durabletask.</summary>
    private static IEnumerable<DocumentedRoute> ManagementRoutes()
    {
        var builder = WebApplication.CreateSlimBuilder();
        // Route inference needs the handlers' services registered, not made.
        builder.Services.AddSingleton<Microsoft.DurableTask.Client.DurableTaskClient>(_ => throw new NotSupportedException());
        var app = builder.Build();
        app.MapDurableManagementApi(JobsApi.DurableApiPrefix);
        return ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => new DocumentedRoute(m, e.RoutePattern.RawText!.TrimStart('/'), KeyRole.Admin)));
    }

    [GeneratedRegex(@"writes `functions\.metadata` with\s+(\d+) functions")]
    private static partial Regex ReadmeCount();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"^(GET|POST|PUT|DELETE|PATCH) (/\S*)")]
    private static partial Regex RouteText();
}
