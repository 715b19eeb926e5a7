using System.Globalization;
using System.Net;
using System.Security;
using System.Text;
using Lumina.Storage.Blobs.Azure;

namespace Lumina.Storage.Queues;

/// <summary>
/// One Azure Storage queue over REST with SharedKey (the same signing as blobs): just enough to feed the
/// queue a Functions queue trigger watches. Messages are base64, as the Functions queue trigger expects.
/// </summary>
public sealed class AzureQueue
{
    private const string Version = "2023-11-03";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Uri _queue;
    private readonly SharedKeySigner _signer;

    private AzureQueue(Uri queue, SharedKeySigner signer)
    {
        _queue = queue;
        _signer = signer;
        Name = queue.AbsolutePath.TrimEnd('/').Split('/')[^1];
    }

    public string Name { get; }

    /// <summary>
    /// The queue <paramref name="name"/> of the account a connection string names: <c>UseDevelopmentStorage=true</c>
    /// (Azurite on 127.0.0.1:10001), or <c>AccountName</c> + <c>AccountKey</c> with <c>QueueEndpoint</c> or
    /// <c>DefaultEndpointsProtocol</c>/<c>EndpointSuffix</c>.
    /// </summary>
    public static AzureQueue Create(string connectionString, string name)
    {
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.OrdinalIgnoreCase);
        if (parts.TryGetValue("UseDevelopmentStorage", out var dev) && dev.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            parts["AccountName"] = ConnectionStringParser.DevelopmentAccount;
            parts["AccountKey"] = ConnectionStringParser.DevelopmentKey;
            parts.TryAdd("QueueEndpoint", "http://127.0.0.1:10001/devstoreaccount1");
        }

        var account = parts.GetValueOrDefault("AccountName") is { Length: > 0 } a ? a : throw Bad("has no AccountName");
        var key = parts.GetValueOrDefault("AccountKey") is { Length: > 0 } k ? k : throw Bad("has no AccountKey (queues need SharedKey here)");
        var endpoint = parts.GetValueOrDefault("QueueEndpoint") is { Length: > 0 } e
            ? e.TrimEnd('/')
            : $"{parts.GetValueOrDefault("DefaultEndpointsProtocol", "https")}://{account}.queue.{parts.GetValueOrDefault("EndpointSuffix", "core.windows.net")}";
        if (!Uri.TryCreate($"{endpoint}/{name}", UriKind.Absolute, out var queue))
        {
            throw Bad("has a QueueEndpoint that is not a URL");
        }

        try
        {
            return new AzureQueue(queue, new SharedKeySigner(account, Convert.FromBase64String(key)));
        }
        catch (FormatException)
        {
            throw Bad("has an AccountKey that is not base64");
        }
    }

    public async Task CreateIfNotExistsAsync(CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Put, _queue, null, ct);
        Check(response, "create queue", HttpStatusCode.Created, HttpStatusCode.NoContent, HttpStatusCode.Conflict);
    }

    public async Task SendAsync(string message, CancellationToken ct)
    {
        var body = $"<QueueMessage><MessageText>{SecurityElement.Escape(Convert.ToBase64String(Encoding.UTF8.GetBytes(message)))}</MessageText></QueueMessage>";
        using var response = await SendAsync(HttpMethod.Post, new Uri($"{_queue}/messages"), body, ct);
        Check(response, "send a message", HttpStatusCode.Created);
    }

    /// <summary>The service's approximate count of messages in the queue.</summary>
    public async Task<int> CountAsync(CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, new Uri($"{_queue}?comp=metadata"), null, ct);
        Check(response, "read queue metadata", HttpStatusCode.OK);
        return int.Parse(response.Headers.GetValues("x-ms-approximate-messages-count").First(), CultureInfo.InvariantCulture);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, string? body, CancellationToken ct)
    {
        var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/xml");
        }

        request.Headers.Add("x-ms-date", DateTime.UtcNow.ToString("R", CultureInfo.InvariantCulture));
        request.Headers.Add("x-ms-version", Version);
        _signer.Sign(request);
        try
        {
            return await Http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new IOException($"queue {Name} at {uri.GetLeftPart(UriPartial.Authority)} is unreachable: {e.Message}", e);
        }
    }

    private void Check(HttpResponseMessage response, string operation, params HttpStatusCode[] expected)
    {
        if (!expected.Contains(response.StatusCode))
        {
            var code = response.Headers.TryGetValues("x-ms-error-code", out var codes) ? codes.First() : "";
            throw new IOException($"could not {operation} on queue {Name}: {(int)response.StatusCode} {response.StatusCode} {code}".TrimEnd());
        }
    }

    private static FormatException Bad(string problem) => new($"the queue connection string {problem}");
}
