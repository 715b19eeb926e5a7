using System.Security.Cryptography;
using System.Text;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Lumina.Functions.Configuration;
using Lumina.Imaging.Analysis;
using Lumina.Storage.Catalog;

namespace Lumina.Functions.Triggers;

/// <summary>
/// The blob upload trigger, whatever reports the uploads (a container scan or Event Grid): each new or
/// changed blob version is claimed by a receipt (exactly once across hosts) and analyzed by an ingest
/// orchestration; a deleted blob marks its image removed, keeping its metadata.
/// </summary>
public sealed class UploadTrigger(ReceiptRepository receipts, ImageRepository images, DurableTaskClient durable, LuminaSettings settings)
{
    /// <summary>Starts an ingest for each version not claimed before; returns how many this call started.</summary>
    public async Task<int> OfferAsync(CatalogRecord catalog, IReadOnlyList<(string Name, string ETag)> versions, CancellationToken ct)
    {
        var started = 0;
        foreach (var chunk in versions.Where(v => ImageFormats.HasImageExtension(v.Name)).Chunk(1000))
        {
            foreach (var (name, etag) in await receipts.ClaimAsync(catalog.Id, chunk, ct))
            {
                await durable.ScheduleNewOrchestrationInstanceAsync(
                    IngestOrchestrator.Name, new IngestInput(catalog.Id, name, etag, settings.TriggerRetry),
                    new StartOrchestrationOptions(InstanceId(catalog.Id, name, etag)), ct);
                started++;
            }
        }

        return started;
    }

    /// <summary>Marks the images of deleted blobs removed; returns how many changed.</summary>
    public Task<int> RemovedAsync(CatalogRecord catalog, IReadOnlyList<string> names, CancellationToken ct) =>
        names.Count == 0 ? Task.FromResult(0) : images.MarkRemovedAsync(catalog.Id, names, ct);

    /// <summary>The ingest orchestration of one blob version; the same version always maps to the same instance.</summary>
    public static string InstanceId(Guid catalogId, string name, string etag) =>
        $"ingest-{catalogId:N}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{name}\n{etag}")))[..24]}";
}
