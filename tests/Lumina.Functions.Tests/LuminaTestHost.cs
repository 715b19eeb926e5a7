using Lumina.Functions.Configuration;
using Lumina.Functions.Hosting;
using Lumina.Functions.Jobs;
using Lumina.Storage.Catalog;
using Lumina.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lumina.Functions.Tests;

/// <summary>Lumina's services and job workers over a fresh database and a temporary LUMINA_HOME.</summary>
public sealed class LuminaTestHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly bool _ownsDatabase;

    private LuminaTestHost(IHost host, TestDatabase database, LuminaSettings settings, bool ownsDatabase)
    {
        _host = host;
        Database = database;
        Settings = settings;
        _ownsDatabase = ownsDatabase;
    }

    public LuminaSettings Settings { get; }

    public TestDatabase Database { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    /// <param name="runWork">False: a client only (as the CLI's commands that start or cancel jobs), no job worker.</param>
    /// <param name="shared">A database another host also uses (it stays open when this host stops); default: a fresh one.</param>
    public static async Task<LuminaTestHost> StartAsync(
        Func<LuminaSettings, LuminaSettings>? configure = null, IReadOnlyDictionary<string, string?>? configuration = null, bool runWork = true,
        TestDatabase? shared = null)
    {
        var database = shared ?? await TestDatabase.CreateAsync("functions", CatalogSchema.Scripts);
        var home = Path.Combine(Path.GetTempPath(), $"lumina-home-{Guid.NewGuid():N}");
        var settings = new LuminaSettings { Home = home, Workers = 2, BatchSize = 3, LockTimeout = TimeSpan.FromSeconds(10) };
        settings = configure?.Invoke(settings) ?? settings;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services
            .AddLumina(
                new ConfigurationBuilder().AddInMemoryCollection(configuration ?? new Dictionary<string, string?>()).Build(), settings,
                shared is null ? database.DataSource : Npgsql.NpgsqlDataSource.Create(shared.ConnectionString))
            .AddLuminaJobs(settings, runWork);
        var host = builder.Build();
        await host.StartAsync(Ct);
        return new LuminaTestHost(host, database, settings, ownsDatabase: shared is null);
    }

    /// <summary>
    /// Settings for jobs on the durable provider named as LUMINA_DURABLE_PROVIDER names it; the Azure Storage provider
    /// gets the test Azurite and a task hub of its own.
    /// </summary>
    public static async Task<Func<LuminaSettings, LuminaSettings>> OnProviderAsync(string provider)
    {
        if (provider == DurableProviders.Postgres)
        {
            return s => s;
        }

        var connection = await TestAzurite.StorageConnectionStringAsync();
        return s => s with
        {
            DurableProvider = provider,
            TaskHub = $"t{Guid.NewGuid():N}"[..16],
            DurableStorage = new Durable.Hosting.AzureStorageProviderOptions { ConnectionString = connection },
        };
    }

    /// <summary>Runs the analyze job on a catalog to its end and returns its result.</summary>
    public async Task<ImageJobResult> AnalyzeAsync(CatalogRecord catalog, bool force = false)
    {
        var status = await Get<JobService>().RunAsync(JobTypes.Analyze, new JobInput(catalog.Id, force), null, Ct);
        return status.OutputAs<ImageJobResult>() ?? throw new InvalidOperationException($"analyze ended {status.RuntimeStatus}: {status.Error}");
    }

    /// <summary>The catalog's bursts as the export shows them: each burst's paths in order.</summary>
    public async Task<List<List<string>>> BurstsAsync(CatalogRecord catalog) =>
        await Get<ExportRepository>().ReadAsync(catalog.Id, Ct)
            .Where(r => r.BurstId is not null).GroupBy(r => r.BurstId).Select(g => g.Select(r => r.Path).Order().ToList()).ToListAsync(Ct);

    /// <summary>The catalog's failed images, in path order.</summary>
    public Task<IReadOnlyList<(string Path, string Error)>> FailuresAsync(CatalogRecord catalog) =>
        Get<ImageRepository>().ListFailuresAsync(catalog.Id, 1000, Ct);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
        if (_ownsDatabase)
        {
            await Database.DisposeAsync();
        }

        if (Directory.Exists(Settings.Home))
        {
            Directory.Delete(Settings.Home, recursive: true);
        }
    }
}
