using System.Globalization;
using System.Net;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;
using Lumina.Storage.Blobs.Azure;

namespace Lumina.Storage.Queues;

/// <summary>
/// One Azure Storage queue over REST, with SharedKey (the same signing as blobs) or a SAS: just enough to feed the
/// queue a Functions queue trigger watches. Messages are base64, as the Functions queue trigger expects.
/// </summary>
public sealed partial class AzureQueue
{
    private const string Version = "2023-11-03";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Uri _queue;
    private readonly SharedKeySigner? _signer;
    private readonly string? _sas;

    private AzureQueue(Uri queue, SharedKeySigner? signer, string? sas)
    {
        _queue = queue;
        _signer = signer;
        _sas = sas;
        Name = queue.AbsolutePath.TrimEnd('/').Split('/')[^1];
    }

    public string Name { get; }

    /// <summary>
    /// The queue <paramref name="name"/> of the account a connection string names, as Azure Storage connection
    /// strings do (<c>UseDevelopmentStorage=true</c> is Azurite on 127.0.0.1:10001). Throws <see cref="FormatException"/>
    /// naming the bad part.
    /// </summary>
    public static AzureQueue Create(string connectionString, string name)
    {
        if (!QueueName().IsMatch(name))
        {
            throw new FormatException(
                $"The queue name '{name}' is not valid: 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.");
        }

        var connection = new ConnectionStringParser(StorageService.Queue).Parse(connectionString);
        return new AzureQueue(new Uri($"{connection.Endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/')}/{name}"), connection.Signer, connection.Sas);
    }

    public async Task CreateIfNotExistsAsync(CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Put, "", null, ct);
        Check(response, "create queue", HttpStatusCode.Created, HttpStatusCode.NoContent, HttpStatusCode.Conflict);
    }

    public async Task SendAsync(string message, CancellationToken ct)
    {
        var body = $"<QueueMessage><MessageText>{SecurityElement.Escape(Convert.ToBase64String(Encoding.UTF8.GetBytes(message)))}</MessageText></QueueMessage>";
        using var response = await SendAsync(HttpMethod.Post, "/messages", body, ct);
        Check(response, "send a message", HttpStatusCode.Created);
    }

    /// <summary>The service's approximate count of messages in the queue.</summary>
    public async Task<int> CountAsync(CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, "?comp=metadata", null, ct);
        Check(response, "read queue metadata", HttpStatusCode.OK);
        return int.Parse(response.Headers.GetValues("x-ms-approximate-messages-count").First(), CultureInfo.InvariantCulture);
    }

    /// <summary>Sends a request to the queue, or to <paramref name="path"/> below it, signed with the key or carrying the SAS.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body, CancellationToken ct)
    {
        var uri = new Uri($"{_queue}{path}");
        if (_sas is not null)
        {
            uri = new Uri($"{uri}{(uri.Query.Length == 0 ? "?" : "&")}{_sas}");
        }

        var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/xml");
        }

        request.Headers.Add("x-ms-date", DateTime.UtcNow.ToString("R", CultureInfo.InvariantCulture));
        request.Headers.Add("x-ms-version", Version);
        _signer?.Sign(request);
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

    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex QueueName();
}
