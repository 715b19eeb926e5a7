using Lumina.Functions.Hosting;
using Lumina.Storage.Catalog;
using Lumina.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lumina.Functions.Tests;

/// <summary>The real HTTP host (Kestrel on a free loopback port) over a fresh database.</summary>
public sealed class WebTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _home;
    private readonly bool _ownsDatabase;

    private WebTestHost(WebApplication app, TestDatabase database, string home, bool ownsDatabase)
    {
        _app = app;
        Database = database;
        _home = home;
        _ownsDatabase = ownsDatabase;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        if (!address.StartsWith("http://127.0.0.1:", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the host listens on {address}, not on the loopback address it was given");
        }

        Client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public HttpClient Client { get; }

    public TestDatabase Database { get; }

    /// <summary>LUMINA_HOME of this host.</summary>
    public string Home => _home;

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    /// <param name="shared">A database another host also uses (it stays open when this host stops); default: a fresh one.</param>
    /// <param name="requestLog">Where the host writes its line per request; default: standard output.</param>
    public static async Task<WebTestHost> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, TestDatabase? shared = null, TextWriter? requestLog = null)
    {
        var database = shared ?? await TestDatabase.CreateAsync("web", CatalogSchema.Scripts);
        var home = Path.Combine(Path.GetTempPath(), $"lumina-web-{Guid.NewGuid():N}");
        var values = new Dictionary<string, string?>
        {
            ["LUMINA_POSTGRES"] = database.ConnectionString,
            ["LUMINA_HOME"] = home,
            ["LUMINA_WORKERS"] = "2",
            ["LUMINA_BATCH_SIZE"] = "3",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var app = await LuminaWebHost.BuildAsync(["http://127.0.0.1:0"], new ConfigurationBuilder().AddInMemoryCollection(values).Build(), CancellationToken.None, requestLog);
        await app.StartAsync();
        return new WebTestHost(app, database, home, ownsDatabase: shared is null);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsDatabase)
        {
            await Database.DisposeAsync();
        }

        if (Directory.Exists(_home))
        {
            Directory.Delete(_home, recursive: true);
        }
    }
}
