using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using Lumina.Durable.Postgres.Polling;
using Lumina.Durable.Postgres.Storage;
using Lumina.Postgres;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Lumina.Durable.Postgres;

/// <summary>
/// A Durable Task Framework provider on PostgreSQL, after durabletask-mssql's design: the task hub's
/// tables in schema <c>durabletask</c> (see <c>Postgres/Sql</c>), claims with <c>FOR UPDATE SKIP LOCKED</c>,
/// lock owner and expiry, one transaction per episode checkpoint and per batch of activity results.
/// Any number of processes with the same settings (and their own <see cref="PostgresOrchestrationServiceSettings.WorkerId"/>)
/// share a task hub. Use one instance per process, for <c>TaskHubWorker</c> and <c>TaskHubClient</c> alike.
/// </summary>
public sealed partial class PostgresOrchestrationService :
    IOrchestrationService, IOrchestrationServiceClient, IOrchestrationServicePurgeClient, IOrchestrationServiceQueryClient, IAsyncDisposable
{
    /// <summary>How long abandoned work stays locked: a short pause before it is tried again.</summary>
    private static readonly TimeSpan AbandonDelay = TimeSpan.FromSeconds(1);

    private readonly PostgresOrchestrationServiceSettings _settings;
    private readonly NpgsqlDataSource? _ownedDataSource;
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly OrchestrationStore _orchestrations;
    private readonly ActivityStore _activities;
    private readonly InstanceStore _instances;
    private readonly WorkSignals _signals = new();
    private readonly TaskHubNotifications _notifications;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lock _gate = new();
    private readonly ConcurrentQueue<ClaimedOrchestration> _prefetched = new();
    private readonly ConcurrentQueue<ClaimedTask> _claimedTasks = new();
    private readonly SemaphoreSlim _taskClaimGate = new(1, 1);
    private Task? _background;
    private Worker? _worker;
    private int _tasksHeld;
    private int _disposed;

    public PostgresOrchestrationService(PostgresOrchestrationServiceSettings settings, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _settings = settings;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<PostgresOrchestrationService>();
        _ownedDataSource = settings.DataSource is null
            ? NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(settings.ConnectionString) { NoResetOnClose = true }.ConnectionString)
            : null;
        _dataSource = settings.DataSource ?? _ownedDataSource!;
        var sql = new SqlExecutor(_dataSource, _loggerFactory.CreateLogger<SqlExecutor>());
        _orchestrations = new OrchestrationStore(sql, settings);
        _activities = new ActivityStore(sql, settings);
        _instances = new InstanceStore(sql, settings);
        _notifications = new TaskHubNotifications(sql, settings, _signals, _logger);
    }

    public PostgresOrchestrationServiceSettings Settings => _settings;

    public int TaskOrchestrationDispatcherCount => _settings.OrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => _settings.MaxConcurrentOrchestrations;

    public int TaskActivityDispatcherCount => _settings.ActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => _settings.MaxConcurrentActivities;

    /// <summary>Events of the old execution that a ContinueAsNew episode did not process are carried over to the new one.</summary>
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => BehaviorOnContinueAsNew.Carryover;

    /// <summary>Creates or upgrades the <c>durabletask</c> schema (safe from several processes at once).</summary>
    public Task CreateIfNotExistsAsync() =>
        PostgresTaskHubSchema.MigrateAsync(_dataSource, _loggerFactory, _lifetime.Token);

    /// <summary>Creates the schema if needed and deletes every row of this task hub.</summary>
    public Task CreateAsync() => CreateAsync(recreateInstanceStore: true);

    /// <summary>Creates the schema if needed; with <paramref name="recreateInstanceStore"/>, deletes every row of this task hub.</summary>
    public async Task CreateAsync(bool recreateInstanceStore)
    {
        await CreateIfNotExistsAsync();
        if (recreateInstanceStore)
        {
            await _instances.DeleteTaskHubAsync(_lifetime.Token);
        }
    }

    /// <summary>Deletes every row of this task hub (the schema, shared by other hubs, stays).</summary>
    public Task DeleteAsync() => DeleteAsync(deleteInstanceStore: true);

    /// <summary>Deletes every row of this task hub: instances, history, inboxes, activity tasks and payloads live together.</summary>
    public Task DeleteAsync(bool deleteInstanceStore) => _instances.DeleteTaskHubAsync(_lifetime.Token);

    public Task StartAsync()
    {
        EnsureBackground();
        lock (_gate)
        {
            _worker ??= new Worker(this);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync() => StopAsync(isForced: false);

    /// <summary>Stops recording activity results and gives back the work claimed ahead that no dispatcher took.</summary>
    public async Task StopAsync(bool isForced)
    {
        Worker? worker;
        lock (_gate)
        {
            worker = _worker;
            _worker = null;
        }

        if (worker is not null)
        {
            await worker.StopAsync();
        }

        await ReleaseClaimedAheadAsync();
    }

    /// <summary>Stops the service and closes what it opened; later calls do nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync(isForced: true);
        await _lifetime.CancelAsync();
        if (_background is not null)
        {
            await _background;
        }

        _lifetime.Dispose();
        _taskClaimGate.Dispose();
        if (_ownedDataSource is not null)
        {
            await _ownedDataSource.DisposeAsync();
        }
    }

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => false;

    /// <summary>Database calls already retried transient errors; a failed fetch waits a second before the next.</summary>
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => exception is OperationCanceledException ? 0 : 1;

    /// <summary>A failed episode or activity is abandoned (tried again after a short pause), with no further delay.</summary>
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => 0;

    /// <summary>Starts the notification loops on first use (workers, and clients that send or wait).</summary>
    private void EnsureBackground()
    {
        lock (_gate)
        {
            _background ??= Task.Run(() => _notifications.RunAsync(_lifetime.Token));
        }
    }

    private async Task ReleaseClaimedAheadAsync()
    {
        try
        {
            while (_prefetched.TryDequeue(out var claim))
            {
                if (claim.TrySettle())
                {
                    await _orchestrations.ReleaseAsync(claim.InstanceId, TimeSpan.Zero, [], CancellationToken.None);
                }
            }

            var tasks = new List<long>();
            while (_claimedTasks.TryDequeue(out var task))
            {
                if (task.TrySettle())
                {
                    Interlocked.Decrement(ref _tasksHeld);
                    tasks.Add(task.Seq);
                }
            }

            if (tasks.Count > 0)
            {
                await _activities.ReleaseAsync(tasks, TimeSpan.Zero, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            ProviderLog.ReleaseFailed(_logger, e);
        }
    }

    /// <summary>What runs between StartAsync and StopAsync: the writer of activity results.</summary>
    private sealed class Worker
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _writing;

        public Worker(PostgresOrchestrationService service)
        {
            Results = new ResultBatcher<(long Seq, string InstanceId, HistoryEvent Result), string>(
                service.WriteResultsAsync, service._settings.MaxActivityResultsPerCommit);
            _writing = Task.Run(() => Results.RunAsync(_stop.Token));
        }

        public ResultBatcher<(long Seq, string InstanceId, HistoryEvent Result), string> Results { get; }

        /// <summary>Cancelled when the worker stops: sessions waiting for events end.</summary>
        public CancellationToken Stopping => _stop.Token;

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _writing;
        }
    }
}
