using Lumina.Durable.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lumina.Durable.Tests;

/// <summary>The app's shape: Kestrel on a free loopback port serving the management API under both prefixes, with a worker.</summary>
public sealed class ManagementApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ManagementApiHost(WebApplication app, HttpClient http)
    {
        _app = app;
        Http = http;
    }

    public HttpClient Http { get; }

    /// <param name="addDurable">Registers the durable engine (its client and worker) on the app's services.</param>
    public static async Task<ManagementApiHost> StartAsync(Action<IServiceCollection> addDurable)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        addDurable(builder.Services);
        var app = builder.Build();
        app.MapDurableManagementApi("/runtime/webhooks/durabletask");
        app.MapDurableManagementApi("/api/durabletask");
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new ManagementApiHost(app, new HttpClient { BaseAddress = new Uri(address) });
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
