using Lumina.Durable.Client;
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

    public static async Task<DurableTestHost> StartAsync(
        string connectionString, Action<DurableBuilder> register, Action<DurableOptions>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var logs = new TestLogs();
        builder.Services.AddSingleton(logs);
        builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSingleton(NpgsqlDataSource.Create(connectionString));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        register(builder.Services.AddLuminaDurable(o =>
        {
            o.TaskHub = "test";
            o.CreateSchemaOnStart = false;
            o.MinPollingInterval = TimeSpan.FromMilliseconds(10);
            o.MaxPollingInterval = TimeSpan.FromMilliseconds(200);
            configure?.Invoke(o);
        }));
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new DurableTestHost(host, connectionString);
    }

    public async Task<OrchestrationMetadata> RunAsync(string orchestrator, object? input = null, string? instanceId = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId), ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        return await Client.WaitForInstanceCompletionAsync(id, includeInput: true, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
