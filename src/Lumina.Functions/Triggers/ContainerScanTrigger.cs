using Lumina.Functions.Catalogs;
using Lumina.Functions.Configuration;
using Lumina.Imaging.Analysis;
using Lumina.Storage.Catalog;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lumina.Functions.Triggers;

/// <summary>
/// Watches every blob catalog's container: every LUMINA_TRIGGER_INTERVAL seconds it lists the blobs and
/// offers new and changed versions to the upload trigger and reports deleted ones. Works on Azurite and on
/// any storage account, without Event Grid. A failing scan is logged and tried again at the next interval.
/// </summary>
public sealed partial class ContainerScanTrigger(
    CatalogService catalogs, ReceiptRepository receipts, ImageRepository images, UploadTrigger trigger, LuminaSettings settings,
    ILogger<ContainerScanTrigger> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.TriggerInterval == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.TriggerInterval));
        do
        {
            foreach (var catalog in (await ListAsync(stoppingToken)).Where(c => c.SourceKind == SourceKind.Blob))
            {
                try
                {
                    await ScanAsync(catalog, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    ScanFailed(catalog.Name, e.Message);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One scan of a catalog's container; returns how many ingests it started and images it marked removed.</summary>
    public async Task<(int Started, int Removed)> ScanAsync(CatalogRecord catalog, CancellationToken ct)
    {
        var known = await receipts.KnownAsync(catalog.Id, ct);
        var present = await catalogs.Originals(catalog).ListAsync("", ct)
            .Where(b => ImageFormats.HasImageExtension(b.Name))
            .Select(b => (b.Name, b.ETag))
            .ToListAsync(ct);
        var started = await trigger.OfferAsync(catalog, [.. present.Where(v => !known.Contains(v))], ct);
        var names = present.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var stored = await images.GetStatesAsync(catalog.Id, new Dictionary<string, int>(), ct);
        var removed = await trigger.RemovedAsync(catalog, [.. stored.Where(s => !s.Removed && !names.Contains(s.Path)).Select(s => s.Path)], ct);
        return (started, removed);
    }

    private async Task<IReadOnlyList<CatalogRecord>> ListAsync(CancellationToken ct)
    {
        try
        {
            return await catalogs.ListAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ScanFailed("(all)", e.Message);
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scanning catalog {Catalog} for uploads failed: {Error}; trying again at the next interval")]
    private partial void ScanFailed(string catalog, string error);
}
