using Lumina.Functions.Configuration;
using Lumina.Functions.Hosting;
using Lumina.Storage.Catalog;
using Lumina.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lumina.Functions.Tests;

/// <summary>Lumina's services over a fresh database and a temporary LUMINA_HOME.</summary>
public sealed class LuminaTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly TestDatabase _database;

    private LuminaTestHost(ServiceProvider services, TestDatabase database, LuminaSettings settings)
    {
        _services = services;
        _database = database;
        Settings = settings;
    }

    public LuminaSettings Settings { get; }

    public TestDatabase Database => _database;

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public static async Task<LuminaTestHost> StartAsync(
        Func<LuminaSettings, LuminaSettings>? configure = null, IReadOnlyDictionary<string, string?>? configuration = null)
    {
        var database = await TestDatabase.CreateAsync("functions", CatalogSchema.Scripts);
        var home = Path.Combine(Path.GetTempPath(), $"lumina-home-{Guid.NewGuid():N}");
        var settings = new LuminaSettings { Home = home, Workers = 2, BatchSize = 3 };
        settings = configure?.Invoke(settings) ?? settings;
        var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddLumina(new ConfigurationBuilder().AddInMemoryCollection(configuration ?? new Dictionary<string, string?>()).Build(), settings, database.DataSource)
            .BuildServiceProvider();
        return new LuminaTestHost(services, database, settings);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
        if (Directory.Exists(Settings.Home))
        {
            Directory.Delete(Settings.Home, recursive: true);
        }
    }
}
