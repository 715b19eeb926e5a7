using Lumina.Durable.Client;
using Lumina.Durable.History;
using Lumina.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lumina.Durable.Tests;

/// <summary>A worker process in miniature: a host running the durable worker on a test database.</summary>
public sealed class DurableTestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private DurableTestHost(IHost host, string connectionString)
    {
        _host = host;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public IDurableClient Client => _host.Services.GetRequiredService<IDurableClient>();

    public IServiceProvider Services => _host.Services;

    public TestLogs Logs => _host.Services.GetRequiredService<TestLogs>();

    /// <summary>A fresh database with the durable schema.</summary>
    public static async Task<string> CreateDatabaseAsync(string hint)
    {
        // TestPostgres cuts the database name to 50 characters, which needs a hint of 15 or more.
        var connectionString = await TestPostgres.CreateDatabaseAsync($"durable{hint}".PadRight(15, '0'));
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await DurableSchema.MigrateAsync(dataSource, LoggerFactory.Create(_ => { }), CancellationToken.None);
        return connectionString;
    }

    /// <summary>Test settings: the schema is made by <see cref="CreateDatabaseAsync"/>, few loops, quick polls.</summary>
    public static void ForTests(DurableOptions options, string taskHub)
    {
        options.TaskHub = taskHub;
        options.CreateSchemaOnStart = false;
        options.MaxConcurrentOrchestrations = 2;
        options.MinPollingInterval = TimeSpan.FromMilliseconds(10);
        options.MaxPollingInterval = TimeSpan.FromMilliseconds(200);
    }

    public static async Task<DurableTestHost> StartAsync(
        string connectionString, Action<DurableBuilder> register, Action<DurableOptions>? configure = null, TimeSpan? shutdownTimeout = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var logs = new TestLogs();
        builder.Services.AddSingleton(logs);
        builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout ?? TimeSpan.FromSeconds(5));
        register(builder.Services.AddLuminaDurable(o =>
        {
            ForTests(o, "test");
            configure?.Invoke(o);
        }));
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new DurableTestHost(host, connectionString);
    }

    public async Task<OrchestrationMetadata> RunAsync(string orchestrator, object? input = null, string? instanceId = null)
    {
        var id = await StartAsync(orchestrator, input, instanceId);
        return await WaitAsync(id);
    }

    public Task<string> StartAsync(string orchestrator, object? input = null, string? instanceId = null) =>
        Client.ScheduleNewOrchestrationInstanceAsync(
            orchestrator, input, new StartOrchestrationOptions(instanceId), TestContext.Current.CancellationToken);

    /// <summary>Waits (at most a minute) until the instance has finished.</summary>
    public async Task<OrchestrationMetadata> WaitAsync(string instanceId)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        return await Client.WaitForInstanceCompletionAsync(instanceId, includeInput: true, timeout.Token);
    }

    /// <summary>Waits until the instance has the status.</summary>
    public Task WaitForStatusAsync(string instanceId, OrchestrationRuntimeStatus status) =>
        Eventually.TrueAsync(
            async () => (await Client.GetInstanceAsync(instanceId, cancellationToken: TestContext.Current.CancellationToken))?.RuntimeStatus == status,
            $"instance '{instanceId}' is {status}");

    public async Task<IReadOnlyList<HistoryEvent>> HistoryAsync(string instanceId) =>
        (await Client.GetInstanceAsync(instanceId, includeHistory: true, cancellationToken: TestContext.Current.CancellationToken))!.History!;

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
