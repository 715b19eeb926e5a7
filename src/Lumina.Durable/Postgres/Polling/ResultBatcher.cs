using System.Threading.Channels;

namespace Lumina.Durable.Postgres.Polling;

/// <summary>
/// Gathers work from concurrent callers into batches, each written by one call of <c>write</c> (one
/// transaction), so that activities finishing together share a commit. A batch goes out as soon as the
/// previous one is written: an idle writer adds no delay, a busy one lets results pile up.
/// </summary>
internal sealed class ResultBatcher<TItem, TOutcome>(Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TOutcome>>> write, int maxBatch)
{
    private readonly Channel<(TItem Item, TaskCompletionSource<TOutcome> Done)> _queue =
        Channel.CreateUnbounded<(TItem, TaskCompletionSource<TOutcome>)>(new UnboundedChannelOptions { SingleReader = true });

    public Task<TOutcome> AddAsync(TItem item)
    {
        var done = new TaskCompletionSource<TOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((item, done)))
        {
            done.SetException(new InvalidOperationException("The PostgreSQL orchestration service has stopped."));
        }

        return done.Task;
    }

    /// <summary>Writes batches until <paramref name="stop"/> is cancelled (a batch being written is written to the end); what is queued then is cancelled.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var batch = new List<(TItem Item, TaskCompletionSource<TOutcome> Done)>(maxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stop))
            {
                while (batch.Count < maxBatch && _queue.Reader.TryRead(out var entry))
                {
                    batch.Add(entry);
                }

                try
                {
                    var outcomes = await write(batch.ConvertAll(e => e.Item));
                    for (var i = 0; i < batch.Count; i++)
                    {
                        batch[i].Done.TrySetResult(outcomes[i]);
                    }
                }
                catch (Exception e)
                {
                    batch.ForEach(entry => entry.Done.TrySetException(e));
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var entry))
            {
                entry.Done.TrySetCanceled(stop);
            }
        }
    }
}
