using Lumina.Functions.Configuration;
using Lumina.Storage.Queues;
using Microsoft.Extensions.Logging;

namespace Lumina.Functions.Hosting;

/// <summary>
/// Tells the Functions scale controller that work piled up: a message per batch of planned work (at most
/// <see cref="MostMessages"/> per job) on the LUMINA_WORK_QUEUE queue, whose queue trigger makes an instance
/// drain the task hub. Without a configured queue it does nothing; the queue is a hint for scaling, so a
/// failure to reach it is logged and the job goes on.
/// </summary>
public sealed partial class WorkQueueNotifier(LuminaSettings settings, ILogger<WorkQueueNotifier> logger)
{
    public const int MostMessages = 64;
    private readonly AzureQueue? _queue = settings.WorkQueue is { } connection ? AzureQueue.Create(connection, settings.WorkQueueName) : null;
    private int _created;

    public async Task NotifyAsync(string jobId, int batches, CancellationToken ct)
    {
        if (_queue is null || batches == 0)
        {
            return;
        }

        try
        {
            if (Interlocked.Exchange(ref _created, 1) == 0)
            {
                await _queue.CreateIfNotExistsAsync(ct);
            }

            for (var i = 0; i < Math.Min(batches, MostMessages); i++)
            {
                await _queue.SendAsync($$"""{"job":"{{jobId}}","part":{{i}}}""", ct);
            }
        }
        catch (IOException e)
        {
            Interlocked.Exchange(ref _created, 0);
            Unreachable(_queue.Name, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not put work messages on queue {Queue} ({Error}); the job goes on, but other instances will not be woken for it")]
    private partial void Unreachable(string queue, string error);
}
