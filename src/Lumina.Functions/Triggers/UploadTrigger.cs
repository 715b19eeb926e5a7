using System.Security.Cryptography;
using System.Text;
using DurableTask.Core.Exceptions;
using Lumina.Functions.Catalogs;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Lumina.Functions.Configuration;
using Lumina.Imaging.Analysis;
using Lumina.Storage.Catalog;
using Microsoft.Extensions.Logging;

namespace Lumina.Functions.Triggers;

/// <summary>
/// The blob upload trigger, whatever reports the uploads (a container scan or Event Grid): each new or
/// changed blob version is claimed by a receipt (exactly once across hosts) and analyzed by an ingest
/// orchestration; a deleted blob marks its image removed, keeping its metadata.
/// A claim is a lease of LUMINA_LOCK_TIMEOUT until its ingest is scheduled: when the claiming host stops in
/// between, the claim expires and another host claims the version again.
/// </summary>
public sealed partial class UploadTrigger(
    ReceiptRepository receipts, ImageRepository images, CatalogService catalogs, DurableTaskClient durable, LuminaSettings settings,
    ILogger<UploadTrigger> logger)
{
    /// <summary>Versions claimed at once; each claim's lease has to cover the scheduling of its whole chunk.</summary>
    private const int ClaimChunk = 100;

    /// <summary>Starts an ingest for each version not claimed before (or whose claim expired); returns how many this call started.</summary>
    public async Task<int> OfferAsync(CatalogRecord catalog, IReadOnlyList<(string Name, string ETag)> versions, CancellationToken ct)
    {
        var started = 0;
        foreach (var chunk in versions.Where(v => ImageFormats.HasImageExtension(v.Name)).Chunk(ClaimChunk))
        {
            var claimed = await receipts.ClaimAsync(catalog.Id, chunk, settings.LockTimeout, ct);
            if (claimed.Count == 0)
            {
                continue;
            }

            if (settings.PauseAfterClaim > TimeSpan.Zero)
            {
                PausingAfterClaim(claimed.Count, catalog.Name, settings.PauseAfterClaim.TotalSeconds);
                await Task.Delay(settings.PauseAfterClaim, ct);
            }

            foreach (var (name, etag) in claimed)
            {
                await ScheduleAsync(catalog, name, etag, ct);
            }

            await receipts.ScheduledAsync(catalog.Id, claimed, ct);
            started += claimed.Count;
        }

        return started;
    }

    /// <summary>Claims again the versions whose claim expired before their ingest was scheduled, and starts them.</summary>
    public async Task<int> RecoverAsync(CatalogRecord catalog, CancellationToken ct) =>
        await OfferAsync(catalog, await receipts.ExpiredAsync(catalog.Id, ct), ct);

    /// <summary>
    /// Blobs reported deleted. Events come late and out of order, so each blob is looked at: one that exists is
    /// offered (its version may be new), one that is gone has its image marked removed, only at the version it had.
    /// </summary>
    public async Task<(int Removed, int Started)> DeletedAsync(CatalogRecord catalog, IReadOnlyList<string> names, CancellationToken ct)
    {
        var stored = await images.VersionsAsync(catalog.Id, names, ct);
        var store = catalogs.Originals(catalog);
        var present = new List<(string, string)>();
        var gone = new List<(string, string?)>();
        foreach (var name in names)
        {
            if (await store.GetPropertiesAsync(name, ct) is { } blob)
            {
                present.Add((name, blob.ETag));
            }
            else if (stored.TryGetValue(name, out var image))
            {
                gone.Add((name, image.ETag));
            }
        }

        var removed = gone.Count == 0 ? 0 : await images.MarkRemovedAsync(catalog.Id, gone, ct);
        return (removed, await OfferAsync(catalog, present, ct));
    }

    /// <summary>The ingest orchestration of one blob version; the same version always maps to the same instance.</summary>
    public static string InstanceId(Guid catalogId, string name, string etag) =>
        $"ingest-{catalogId:N}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{name}\n{etag}")))[..24]}";

    private async Task ScheduleAsync(CatalogRecord catalog, string name, string etag, CancellationToken ct)
    {
        try
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(
                IngestOrchestrator.Name, new IngestInput(catalog.Id, name, etag, settings.TriggerRetry),
                new StartOrchestrationOptions(InstanceId(catalog.Id, name, etag)), ct);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // A host that stopped after scheduling it, before recording so: the ingest runs already.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Holding {Count} claimed uploads of catalog {Catalog} for {Seconds} s before scheduling them (LUMINA_TEST_PAUSE_AFTER_CLAIM, a test hook)")]
    private partial void PausingAfterClaim(int count, string catalog, double seconds);
}
