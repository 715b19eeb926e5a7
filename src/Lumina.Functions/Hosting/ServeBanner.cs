using Lumina.Durable.Hosting;
using Lumina.Functions.Configuration;
using Lumina.Functions.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Lumina.Functions.Hosting;

/// <summary>What <c>lumina serve</c> says once it listens: where, with which keys, on which database and task hub, with which workers and decoders.</summary>
public static class ServeBanner
{
    public static IReadOnlyList<string> Lines(WebApplication app)
    {
        var settings = app.Services.GetRequiredService<LuminaSettings>();
        var durable = app.Services.GetRequiredService<IOptions<DurableTaskHostOptions>>().Value;
        var database = new NpgsqlConnectionStringBuilder(app.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? app.Urls;
        return
        [
            $"lumina: listening on {string.Join(", ", addresses)} ({(settings.Anonymous ? "no keys" : "keys required")})",
            $"lumina: database {database.Host}:{database.Port}/{database.Database}, task hub '{durable.TaskHub}'",
            $"lumina: workers: {durable.MaxConcurrentOrchestrations} orchestrations and {durable.MaxConcurrentActivities} activities at once, " +
                $"for the jobs {string.Join(", ", JobTypes.All)} and upload ingests",
            $"lumina: {Imaging.Vips.VipsRuntime.Capabilities.Summary}",
            settings.TriggerInterval == 0
                ? "lumina: blob containers are not scanned for uploads (LUMINA_TRIGGER_INTERVAL=0)"
                : $"lumina: scanning blob catalogs' containers for uploads every {settings.TriggerInterval} s",
        ];
    }
}
