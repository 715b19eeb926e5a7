using Lumina.Durable.Http;
using Lumina.Functions.Configuration;
using Lumina.Functions.Http;
using Lumina.Functions.Jobs;
using Lumina.Functions.Triggers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lumina.Functions.Hosting;

/// <summary>The HTTP host: Lumina's routes, the durable management API, and job workers.</summary>
public static class LuminaWebHost
{
    public static async Task<WebApplication> BuildAsync(string[] urls, IConfiguration configuration, CancellationToken ct)
    {
        var settings = LuminaSettings.Load(configuration);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Lumina", LogLevel.Information).AddFilter("Lumina.Durable", LogLevel.Warning);
        using var startupLoggers = LoggerFactory.Create(l => l.AddSimpleConsole());
        var dataSource = await LuminaDatabase.OpenAsync(settings, startupLoggers, ct);
        builder.Services.AddLumina(configuration, settings, dataSource).AddLuminaJobs(settings, runWork: true);
        builder.Services.AddSingleton<ContainerScanTrigger>().AddHostedService(provider => provider.GetRequiredService<ContainerScanTrigger>());

        var app = builder.Build();
        foreach (var url in urls)
        {
            app.Urls.Add(url);
        }

        app.MapJobsApi();
        app.MapCatalogsApi();
        app.MapEventGridApi();
        app.MapDurableManagementApi("/runtime/webhooks/durabletask");
        app.MapDurableManagementApi(JobsApi.DurableApiPrefix);
        return app;
    }
}
