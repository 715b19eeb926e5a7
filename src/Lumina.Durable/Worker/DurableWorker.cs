using Lumina.Durable.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Lumina.Durable.Worker;

/// <summary>
/// The hosted worker: migrates the schema, then claims and runs orchestration episodes and activities
/// until the host stops. On stop it claims nothing more, lets running work finish within the host's
/// shutdown timeout, and hands back whatever is still unfinished so that another worker takes it at once.
/// </summary>
internal sealed class DurableWorker(
    OrchestrationDispatcher orchestrations,
    ActivityDispatcher activities,
    LockRenewer renewer,
    OrchestrationStore orchestrationStore,
    ActivityStore activityStore,
    InFlightWork inFlight,
    NpgsqlDataSource dataSource,
    ILoggerFactory loggerFactory,
    IOptions<DurableOptions> options) : IHostedService, IDisposable
{
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(10);
    private readonly DurableOptions _options = options.Value;
    private readonly ILogger _logger = loggerFactory.CreateLogger<DurableWorker>();
    private readonly string _owner = WorkerIdentity.Create();
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly CancellationTokenSource _renewal = new();
    private readonly List<Task> _loops = [];
    private Task _executors = Task.CompletedTask;
    private Task _recorder = Task.CompletedTask;
    private Task _renewer = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.CreateSchemaOnStart)
        {
            await DurableSchema.MigrateAsync(dataSource, loggerFactory, cancellationToken);
        }

        if (_options.MaxConcurrentOrchestrations > 0)
        {
            _loops.Add(orchestrations.RunAsync(_owner, _stop.Token, _abort.Token));
        }

        if (_options.MaxConcurrentActivities > 0)
        {
            _loops.Add(activities.RunAsync(_owner, _stop.Token, _abort.Token));
            _executors = activities.ExecuteAsync(_abort.Token);
            _recorder = activities.RecordOutcomesAsync(_abort.Token);
        }

        _renewer = renewer.RunAsync(_owner, _renewal.Token);
        DurableLog.WorkerStarted(_logger, _owner, _options.TaskHub, _options.MaxConcurrentOrchestrations, _options.MaxConcurrentActivities);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_loops).WaitAsync(cancellationToken);
            activities.Close();
            await activities.DrainAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _abort.CancelAsync();
            await IgnoreCancellation(Task.WhenAll(_loops));
            activities.Close();
        }

        await IgnoreCancellation(_executors);
        activities.CloseOutcomes();
        await IgnoreCancellation(_recorder);
        await ReleaseUnfinishedAsync();
        await _renewal.CancelAsync();
        await _renewer;
    }

    public void Dispose()
    {
        _stop.Dispose();
        _abort.Dispose();
        _renewal.Dispose();
    }

    private async Task ReleaseUnfinishedAsync()
    {
        var tasks = inFlight.Tasks.Keys.ToList();
        var instances = inFlight.Instances.Keys.ToList();
        using var timeout = new CancellationTokenSource(ReleaseTimeout);
        try
        {
            if (tasks.Count > 0)
            {
                await activityStore.ReleaseAsync(_owner, tasks, timeout.Token);
            }

            foreach (var instance in instances)
            {
                await orchestrationStore.ReleaseAsync(_owner, instance, [], timeout.Token);
            }
        }
        catch (Exception e)
        {
            DurableLog.ReleaseFailed(_logger, e);
        }

        DurableLog.WorkerStopped(_logger, _owner, tasks.Count, instances.Count);
    }

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // The grace period ended while outcomes were being recorded; their tasks are handed back.
        }
    }
}
