using DurableTask.Core;
using DurableTask.Core.Serializing;
using Lumina.Durable.Postgres;
using Microsoft.Extensions.Logging;

namespace Lumina.Durable.Tests.Postgres;

/// <summary>
/// The Durable Task Framework's own worker and client on a <see cref="PostgresOrchestrationService"/>, as a
/// process would run them, with test settings: quick polls, logs captured.
/// </summary>
public sealed class ProviderHost : IAsyncDisposable
{
    private readonly ILoggerFactory _loggerFactory;

    private ProviderHost(PostgresOrchestrationService service, TaskHubWorker? worker, TestLogs logs, ILoggerFactory loggerFactory)
    {
        Service = service;
        Worker = worker;
        Logs = logs;
        _loggerFactory = loggerFactory;
        Client = new TaskHubClient(service, loggerFactory: loggerFactory);
    }

    public PostgresOrchestrationService Service { get; }

    public TaskHubWorker? Worker { get; }

    public TaskHubClient Client { get; }

    public TestLogs Logs { get; }

    public string TaskHub => Service.Settings.TaskHub;

    public static PostgresOrchestrationServiceSettings Settings(string connectionString, string taskHub) => new()
    {
        ConnectionString = connectionString,
        TaskHub = taskHub,
        MinPollingInterval = TimeSpan.FromMilliseconds(10),
        MaxPollingInterval = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>
    /// A worker running <paramref name="register"/>'s orchestrations and activities (none: a client only),
    /// on <paramref name="wrap"/> of the service when given (a test double around the real one).
    /// </summary>
    public static async Task<ProviderHost> StartAsync(
        string connectionString, string taskHub, Action<TaskHubWorker>? register,
        Action<PostgresOrchestrationServiceSettings>? configure = null, Func<PostgresOrchestrationService, IOrchestrationService>? wrap = null)
    {
        var settings = Settings(connectionString, taskHub);
        configure?.Invoke(settings);
        var logs = new TestLogs();
        var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        var service = new PostgresOrchestrationService(settings, loggerFactory);
        await service.CreateIfNotExistsAsync();
        TaskHubWorker? worker = null;
        if (register is not null)
        {
            worker = new TaskHubWorker(wrap?.Invoke(service) ?? service, loggerFactory);
            register(worker);
            await worker.StartAsync();
        }

        return new ProviderHost(service, worker, logs, loggerFactory);
    }

    /// <summary>Starts <typeparamref name="TOrchestration"/> and waits for it to finish.</summary>
    public async Task<OrchestrationState> RunAsync<TOrchestration>(object? input, string? instanceId = null, TimeSpan? timeout = null)
    {
        var instance = await Client.CreateOrchestrationInstanceAsync(typeof(TOrchestration), instanceId, input);
        return await WaitAsync(instance, timeout);
    }

    public async Task<OrchestrationState> WaitAsync(OrchestrationInstance instance, TimeSpan? timeout = null) =>
        await Client.WaitForOrchestrationAsync(instance, timeout ?? TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken)
        ?? throw new TimeoutException($"{instance.InstanceId} did not finish");

    public static T Output<T>(OrchestrationState state) => JsonDataConverter.Default.Deserialize<T>(state.Output);

    public async ValueTask DisposeAsync()
    {
        if (Worker is not null)
        {
            await Worker.StopAsync(isForced: true);
        }

        await Service.DisposeAsync();
        _loggerFactory.Dispose();
    }
}
