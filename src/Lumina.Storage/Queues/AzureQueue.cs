using System.Net;
using System.Text.RegularExpressions;
using Azure;
using Azure.Identity;
using Azure.Storage.Queues;
using Lumina.Storage.Blobs.Azure;

namespace Lumina.Storage.Queues;

/// <summary>
/// One Azure Storage queue through the Azure.Storage.Queues SDK: just enough to feed the queue a Functions queue
/// trigger watches. Messages are base64, as the Functions queue trigger expects. Failures throw <see cref="IOException"/>.
/// </summary>
public sealed partial class AzureQueue
{
    private readonly QueueClient _client;
    private readonly StorageConnection _connection;

    private AzureQueue(StorageConnection connection, string name)
    {
        _connection = connection;
        _client = connection.CreateQueueClient(name);
        Name = name;
    }

    public string Name { get; }

    /// <summary>
    /// The queue <paramref name="name"/> of the account a connection string or URL names (connection strings as
    /// Azure Storage reads them, <c>UseDevelopmentStorage=true</c> being Azurite on 127.0.0.1:10001; a SAS URL; or an
    /// account URL signed in with an Azure identity). Throws <see cref="FormatException"/> naming the bad part.
    /// </summary>
    public static AzureQueue Create(string connection, string name) =>
        QueueName().IsMatch(name)
            ? new AzureQueue(StorageConnection.ForQueues(connection), name)
            : throw new FormatException(
                $"The queue name '{name}' is not valid: 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.");

    public Task CreateIfNotExistsAsync(CancellationToken ct) => RunAsync("create queue", () => _client.CreateIfNotExistsAsync(cancellationToken: ct));

    public Task SendAsync(string message, CancellationToken ct) => RunAsync("send a message", () => _client.SendMessageAsync(message, ct));

    /// <summary>The service's approximate count of messages in the queue.</summary>
    public async Task<int> CountAsync(CancellationToken ct) =>
        (await RunAsync("read queue metadata", () => _client.GetPropertiesAsync(ct))).Value.ApproximateMessagesCount;

    private async Task<T> RunAsync<T>(string operation, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RequestFailedException e) when (e.Status > 0)
        {
            throw new IOException($"could not {operation} on queue {Name}: {e.Status} {(HttpStatusCode)e.Status} {e.ErrorCode}".TrimEnd(), e);
        }
        catch (AuthenticationFailedException e)
        {
            throw new IOException($"could not {operation} on queue {Name}: no Azure identity could sign in ({e.Message.Split('\n')[0].Trim()})", e);
        }
        catch (Exception e) when (e is AggregateException or RequestFailedException)
        {
            var last = e is AggregateException { InnerExceptions: [.., var final] } ? final : e;
            throw new IOException($"queue {Name} at {_connection.ServiceUri.GetLeftPart(UriPartial.Authority)} is unreachable: {(last.InnerException ?? last).Message}", e);
        }
    }

    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex QueueName();
}
