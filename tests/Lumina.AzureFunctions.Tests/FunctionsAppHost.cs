using Lumina.Durable.Hosting;
using Lumina.Functions.Configuration;
using Lumina.Storage.Catalog;
using Lumina.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lumina.AzureFunctions.Tests;

/// <summary>
/// The Functions app's composition (<see cref="AppServices"/>) over a database, with a Microsoft.DurableTask worker on
/// Lumina's PostgreSQL provider (as <c>lumina serve</c> composes it) standing in for the Functions host: it runs every
/// orchestration and activity through the app's functions (<see cref="ThroughFunctions"/>), and its client is what
/// <c>[DurableClient]</c> would bind.
/// </summary>
internal sealed class FunctionsAppHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly TestDatabase? _ownedDatabase;

    private readonly bool _ownsHome;

    private FunctionsAppHost(IHost host, TestDatabase? ownedDatabase, string home, bool ownsHome)
    {
        (_host, _ownedDatabase, Home, _ownsHome) = (host, ownedDatabase, home, ownsHome);
    }

    public string Home { get; }

    public IServiceProvider Services => _host.Services;

    public DurableTaskClient Client => _host.Services.GetRequiredService<DurableTaskClient>();

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>An app function class made as the worker makes it, by constructor injection.</summary>
    public T Function<T>() => ActivatorUtilities.CreateInstance<T>(_host.Services);

    /// <param name="database">A database another host uses too; default: a fresh one.</param>
    /// <param name="values">Settings over the test defaults (a fresh LUMINA_HOME, 2 workers, batches of 3, LUMINA_AUTH=anonymous); a null value unsets one.</param>
    /// <param name="runEngine">false: the app's services and a client only, jobs run by another host on the same database.</param>
    public static async Task<FunctionsAppHost> StartAsync(
        TestDatabase? database = null, IReadOnlyDictionary<string, string?>? values = null, bool runEngine = true)
    {
        var owned = database is null ? await TestDatabase.CreateAsync("functions-app", CatalogSchema.Scripts) : null;
        var db = database ?? owned!;
        var defaults = new Dictionary<string, string?>
        {
            ["LUMINA_POSTGRES"] = db.ConnectionString,
            ["LUMINA_HOME"] = Path.Combine(Path.GetTempPath(), $"lumina-functions-app-{Guid.NewGuid():N}"),
            ["LUMINA_WORKERS"] = "2",
            ["LUMINA_BATCH_SIZE"] = "3",
            ["LUMINA_TRIGGER_RETRY"] = "0.05",
            // As open as the keyless serve most tests compare it with; an app without keys refuses its API otherwise.
            ["LUMINA_AUTH"] = "anonymous",
        };
        var ownsHome = values?.ContainsKey("LUMINA_HOME") != true;
        foreach (var (key, value) in values ?? new Dictionary<string, string?>())
        {
            defaults[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(defaults).Build();
        var settings = LuminaSettings.Load(configuration);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.ConfigureContainer(new Microsoft.Extensions.DependencyInjection.DefaultServiceProviderFactory(
            new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        // The app's container owns its data source, as in Program.cs.
        builder.Services.AddLuminaFunctionsApp(configuration, settings, NpgsqlDataSource.Create(db.ConnectionString));
        builder.Services.AddSingleton<ThroughFunctions.Dispatched>();
        builder.Services.AddLuminaDurableTask(o =>
            {
                o.TaskHub = settings.TaskHub;
                o.MaxConcurrentActivities = runEngine ? 2 : 0;
                o.MaxConcurrentOrchestrations = runEngine ? 8 : 0;
            })
            .UsePostgres(o => o.LockTimeout = TimeSpan.FromSeconds(10))
            .AddTasks(ThroughFunctions.Registrations());

        // As a Development host builds it (func start): every registered service must be constructible.
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new FunctionsAppHost(host, owned, settings.Home, ownsHome);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        if (_ownedDatabase is not null)
        {
            await _ownedDatabase.DisposeAsync();
        }

        if (_ownsHome && Directory.Exists(Home))
        {
            Directory.Delete(Home, recursive: true);
        }
    }
}
