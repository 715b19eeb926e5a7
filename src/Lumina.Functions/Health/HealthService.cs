using Lumina.Core.Pipeline;
using Lumina.Functions.Configuration;
using Lumina.Storage.Catalog;
using Lumina.Storage.Catalog.Health;

namespace Lumina.Functions.Health;

/// <summary>Builds a catalog's health report from its tables and its jobs.</summary>
public sealed class HealthService(HealthRepository health, ReceiptRepository receipts, Jobs.JobService jobs, LuminaSettings settings)
{
    /// <summary>How many of a catalog's newest jobs are looked at for unfinished ones.</summary>
    private const int RecentJobs = 20;

    /// <summary>An upload whose retry or analysis is this late has no host running its ingest.</summary>
    public static readonly TimeSpan UploadOverdue = TimeSpan.FromMinutes(10);

    /// <summary>An upload that is not moving: claimed by a host that stopped, or overdue.</summary>
    public static bool IsStalled(PendingBlob upload) => upload.State is "stopped" or "overdue";

    public Task<HealthReport> ReportAsync(CatalogRecord catalog, CancellationToken ct) => ReportAsync(catalog, withJobs: true, ct);

    /// <param name="withJobs">Whether to look for unfinished jobs; a rebuild's own health phase does not (it would find itself).</param>
    public async Task<HealthReport> ReportAsync(CatalogRecord catalog, bool withJobs, CancellationToken ct)
    {
        var clip = settings.ClipModel is not null;
        var steps = ProcessingSteps.All.Where(s => clip || s.Key is not (ProcessingSteps.Clip or ProcessingSteps.Tags))
            .ToDictionary(s => s.Key, s => s.Value);
        var data = await health.ReadAsync(catalog.Id, steps, ct);
        var c = data.Counts;
        // The geohash step applies only to images with GPS.
        var flags = data.Steps
            .Select(s => new FlagLine(s.Step, s.Version, s.Current, s.Outdated,
                Math.Max(0, (s.Step == ProcessingSteps.Geohash ? c.Located : c.Images) - s.Current - s.Outdated)))
            .ToList();
        List<CoverageLine> coverage =
        [
            new("capture date (any source)", c.Dated, c.Images),
            new("capture date from EXIF", c.ExifDated, c.Images),
            new("perceptual hashes", c.Hashed, c.Images),
            new("thumbnails", c.Thumbnails, c.Images),
            new("previews", c.Previews, c.Images),
            new("quality scores", c.Scored, c.Images),
            new("GPS", c.Located, c.Images),
            new("geohash (of images with GPS)", c.Geohashed, c.Located),
            new("CLIP embeddings", c.Embedded, c.Images),
            new("tags", c.Tagged, c.Images),
        ];
        var poison = await receipts.PoisonAsync(catalog.Id, ct);
        var stalled = (await receipts.PendingAsync(catalog.Id, UploadOverdue, ct)).Where(IsStalled).ToList();
        var unfinished = withJobs
            ? (await jobs.UnfinishedAsync(catalog.Id, RecentJobs, ct))
                .Select(j => new UnfinishedJob(j.Id, j.Type, $"{j.RuntimeStatus}".ToLowerInvariant(), j.CreatedAt, j.Progress?.Phase)).ToList()
            : [];
        return new HealthReport(
            catalog.Name, catalog.Id, DateTimeOffset.UtcNow, c.ScannedAt, c.Images, c.Removed, coverage, flags, data.Phases, clip,
            data.DuplicateGroups, data.Bursts, data.Failures, poison, stalled, unfinished,
            HealthAdvisor.Advise(catalog.Name, data, flags, clip, poison.Count, stalled.Count, unfinished));
    }
}
