using Lumina.Durable.Hosting;
using Lumina.Durable.Postgres;
using Lumina.DurableTask.TestWorker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lumina.DurableTask.Tests;

/// <summary>
/// One provider under test: its connection, and a host on a task hub of its own that runs every case's orchestrators
/// and activities (shared by the cases of one test class; each case uses its own instance ids).
/// </summary>
public abstract class ProviderFixture : IAsyncLifetime
{
    private IHost? _host;

    /// <summary>The provider's name in <see cref="TestProviders"/>.</summary>
    public abstract string Provider { get; }

    public string Connection { get; private set; } = "";

    public DurableTaskClient Client => Services.GetRequiredService<DurableTaskClient>();

    protected IServiceProvider Services => _host!.Services;

    public async ValueTask InitializeAsync()
    {
        Connection = await ConnectionAsync();
        _host = await StartHostAsync(NewTaskHub(), runWork: true, Cases.Register);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync(CancellationToken.None);
            _host.Dispose();
        }
    }

    /// <summary>A task hub name no other test uses (letters and digits, as Azure Storage wants).</summary>
    public static string NewTaskHub() => $"t{Guid.NewGuid():N}"[..20];

    /// <summary>A host on <paramref name="taskHub"/>: a worker, or with <paramref name="runWork"/> false a client only.</summary>
    public async Task<IHost> StartHostAsync(string taskHub, bool runWork, Action<DurableTaskBuilder> register)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        var durable = builder.Services.AddLuminaDurableTask(o =>
        {
            o.TaskHub = taskHub;
            o.MaxConcurrentOrchestrations = runWork ? 4 : 0;
            o.MaxConcurrentActivities = runWork ? 8 : 0;
        }).Use(Provider, Connection);
        register(durable);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }

    /// <summary>
    /// Returns once no worker keeps the instance in memory between its episodes (an extended session), so that its next
    /// episode replays its history. Providers without sessions return at once.
    /// </summary>
    public virtual Task SessionEndedAsync(string instanceId) => Task.CompletedTask;

    protected abstract Task<string> ConnectionAsync();
}

public sealed class AzureStorageFixture : ProviderFixture
{
    public override string Provider => TestProviders.AzureStorage;

    protected override Task<string> ConnectionAsync() => Lumina.Testing.TestAzurite.StorageConnectionStringAsync();
}

public sealed class PostgresFixture : ProviderFixture
{
    public override string Provider => TestProviders.Postgres;

    protected override Task<string> ConnectionAsync() => Lumina.Testing.TestPostgres.CreateDatabaseAsync("conformance");

    /// <summary>A session holds its instance locked: it has ended once the instance's lock is gone.</summary>
    public override Task SessionEndedAsync(string instanceId) => Eventually.TrueAsync(
        async () => (await Services.GetRequiredService<PostgresOrchestrationService>().GetHeldLocksAsync(instanceId, TestContext.Current.CancellationToken)).Count == 0,
        $"no worker holds {instanceId}");
}
