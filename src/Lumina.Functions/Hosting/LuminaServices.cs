using Lumina.Functions.Analysis;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Clip;
using Lumina.Functions.Configuration;
using Lumina.Functions.Export;
using Lumina.Imaging.Analysis;
using Lumina.Postgres;
using Lumina.Storage.Catalog;
using Lumina.Storage.Catalog.Backups;
using Lumina.Storage.Catalog.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Lumina.Functions.Hosting;

/// <summary>
/// The services every Lumina entry point (CLI, HTTP host, Functions app, activities) shares; those that start or
/// follow jobs need a <c>DurableTaskClient</c> and come with the durable engine (<c>AddLuminaJobs</c>).
/// </summary>
public static class LuminaServices
{
    public static IServiceCollection AddLumina(
        this IServiceCollection services, IConfiguration configuration, LuminaSettings settings, NpgsqlDataSource dataSource)
    {
        services.AddSingleton(configuration);
        services.AddSingleton(settings);
        // Registered by factory so that the container owns the data source and closes its connections when the host stops.
        services.AddSingleton(_ => dataSource);
        services.AddSingleton<SqlExecutor>();
        services.AddSingleton<CatalogRepository>();
        services.AddSingleton<ImageRepository>();
        services.AddSingleton<DerivedFileRepository>();
        services.AddSingleton<ExportRepository>();
        services.AddSingleton<LibraryRepository>();
        services.AddSingleton<ReviewRepository>();
        services.AddSingleton<RejectedMoveRepository>();
        services.AddSingleton<ClipService>();
        services.AddSingleton<EmbeddingIndexCache>();
        services.AddSingleton<SearchService>();
        services.AddSingleton<EmbeddingRepository>();
        services.AddSingleton(provider =>
        {
            // With a CLIP model the one decode also makes the image encoder's input, at the model's size.
            var clip = provider.GetRequiredService<ClipService>();
            var clipSize = clip.Configured ? clip.ModelAsync(CancellationToken.None).GetAwaiter().GetResult().Images.ImageSize : (int?)null;
            return new ImageAnalyzer(settings.Analysis with { ClipInputSize = clipSize });
        });
        services.AddSingleton<CatalogService>();
        services.AddSingleton<AnalyzeBatch>();
        services.AddSingleton<CatalogExporter>();
        services.AddSingleton<Import.ImportRun>();
        services.AddSingleton<CatalogBackup>();
        services.AddSingleton<HealthRepository>();
        services.AddSingleton<CatalogBackups>();
        services.AddSingleton<RemovedImages>();
        services.AddSingleton<RejectedOriginals>();
        return services;
    }
}
