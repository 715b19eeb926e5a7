using Lumina.Durable.Http;
using Lumina.Functions.Configuration;
using Lumina.Functions.Http;
using Lumina.Functions.Jobs;
using Lumina.Functions.Triggers;
using Lumina.Functions.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lumina.Functions.Hosting;

/// <summary>The HTTP host: Lumina's routes, the durable management API, and job workers.</summary>
public static class LuminaWebHost
{
    /// <param name="requestLog">Where the line of each request goes (default: standard output).</param>
    public static async Task<WebApplication> BuildAsync(string[] urls, IConfiguration configuration, CancellationToken ct, TextWriter? requestLog = null)
    {
        var settings = LuminaSettings.Load(configuration);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Lumina", LogLevel.Information).AddFilter("Lumina.Durable", LogLevel.Warning)
            // Kestrel's and the host's own reports of a failed start (an address in use) are stack traces; serve says it in one line instead.
            .AddFilter("Microsoft.AspNetCore.Server.Kestrel", level => level is >= LogLevel.Warning and < LogLevel.Critical)
            .AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical)
            .AddFilter("DurableTask", LogLevel.Warning);
        builder.Logging.ClearProviders().AddLuminaConsole();
        using var startupLoggers = LoggerFactory.Create(l => l.AddLuminaConsole());
        var dataSource = await LuminaDatabase.OpenAsync(settings, startupLoggers, ct);
        builder.Services.AddLumina(configuration, settings, dataSource).AddLuminaJobs(settings, runWork: true);
        builder.Services.AddSingleton<ContainerScanTrigger>().AddHostedService(provider => provider.GetRequiredService<ContainerScanTrigger>());
        builder.Services.AddSingleton(new KeyAuthorization(settings, KeyHost.Serve)).AddSingleton<Catalogs.BlobCatalogMatcher>().AddSingleton<ErrorHandling>();
        if (settings.Anonymous && !urls.All(IsLoopback))
        {
            throw new ArgumentException(
                $"serving {string.Join(", ", urls)} without keys would open the API to the network: set LUMINA_FUNCTION_KEYS and LUMINA_ADMIN_KEY, or LUMINA_AUTH=anonymous to accept that");
        }

        var app = builder.Build();

        app.Use(new RequestLog(requestLog ?? Console.Out).InvokeAsync);
        app.Use(app.Services.GetRequiredService<ErrorHandling>().InvokeAsync);
        app.Use(new RequestGuard(loopbackHostOnly: urls.All(IsLoopback)).InvokeAsync);
        app.Use(app.Services.GetRequiredService<KeyAuthorization>().InvokeAsync);
        foreach (var url in urls)
        {
            app.Urls.Add(url);
        }

        app.MapJobsApi();
        app.MapCatalogsApi();
        app.MapLibraryApi();
        app.MapReviewApi();
        app.MapRejectedApi();
        app.MapSessionApi();
        app.MapEventGridApi();
        app.MapDurableManagementApi("/runtime/webhooks/durabletask");
        app.MapDurableManagementApi(JobsApi.DurableApiPrefix);
        app.MapWebUi();
        return app;
    }

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.IsLoopback || uri.Host == "127.0.0.1");
}
