using Lumina.Functions.Catalogs;
using Lumina.Functions.Configuration;
using Lumina.Imaging.Analysis;
using Lumina.Storage.Blobs.Azure;
using Lumina.Storage.Catalog;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lumina.Functions.Triggers;

/// <summary>
/// Watches every blob catalog's container: every LUMINA_TRIGGER_INTERVAL seconds it lists the blobs and
/// offers new and changed versions to the upload trigger and reports deleted ones. Works on Azurite and on
/// any storage account, without Event Grid. Catalogs are scanned independently, each request with a time
/// limit: a container that is slow or does not answer holds back only its own next scan. A failing scan is
/// logged and tried again at the next interval. With scans off, uploads claimed by a host that stopped are
/// still claimed again, every LUMINA_LOCK_TIMEOUT.
/// </summary>
public sealed partial class ContainerScanTrigger(
    CatalogService catalogs, ReceiptRepository receipts, ImageRepository images, UploadTrigger trigger, LuminaSettings settings,
    ILogger<ContainerScanTrigger> logger) : BackgroundService
{
    /// <summary>How a scan's listing requests are timed: 30 s for each attempt, 3 attempts.</summary>
    public static AzureBlobOptions ListingRequests { get; } = new() { TryTimeout = TimeSpan.FromSeconds(30), MaxAttempts = 3 };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var scan = settings.TriggerInterval > 0;
        using var timer = new PeriodicTimer(scan ? TimeSpan.FromSeconds(settings.TriggerInterval) : settings.LockTimeout);
        var running = new Dictionary<Guid, Task>();
        try
        {
            do
            {
                foreach (var id in running.Where(r => r.Value.IsCompleted).Select(r => r.Key).ToList())
                {
                    running.Remove(id);
                }

                foreach (var catalog in (await ListAsync(stoppingToken)).Where(c => c.SourceKind == SourceKind.Blob && !running.ContainsKey(c.Id)))
                {
                    running[catalog.Id] = Task.Run(() => VisitAsync(catalog, scan, stoppingToken), CancellationToken.None);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        finally
        {
            await Task.WhenAll(running.Values);
        }
    }

    /// <summary>One scan of a catalog's container; returns how many ingests it started and images it marked removed.</summary>
    public async Task<(int Started, int Removed)> ScanAsync(CatalogRecord catalog, CancellationToken ct)
    {
        // Read before listing: an image analyzed again after the listing has another version, which stays present.
        var stored = await images.GetStatesAsync(catalog.Id, new Dictionary<string, int>(), ct);
        var known = await receipts.KnownAsync(catalog.Id, ct);
        var present = await catalogs.Originals(catalog, ListingRequests).ListAsync("", ct)
            .Where(b => ImageFormats.HasImageExtension(b.Name))
            .Select(b => (b.Name, b.ETag))
            .ToListAsync(ct);
        var expired = await receipts.ExpiredAsync(catalog.Id, ct);
        var started = await trigger.OfferAsync(catalog, [.. present.Where(v => !known.Contains(v)).Union(expired)], ct);
        var names = present.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var gone = stored.Where(s => !s.Removed && !names.Contains(s.Path)).Select(s => (s.Path, s.ETag)).ToList();
        var removed = gone.Count == 0 ? 0 : await images.MarkRemovedAsync(catalog.Id, gone, ct);
        return (started, removed);
    }

    private async Task VisitAsync(CatalogRecord catalog, bool scan, CancellationToken ct)
    {
        try
        {
            if (scan)
            {
                await ScanAsync(catalog, ct);
            }
            else
            {
                await trigger.RecoverAsync(catalog, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The host is stopping.
        }
        catch (Exception e)
        {
            ScanFailed(catalog.Name, e.Message);
        }
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
