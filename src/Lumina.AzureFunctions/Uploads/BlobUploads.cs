using Lumina.Functions.Catalogs;
using Lumina.Functions.Triggers;

namespace Lumina.AzureFunctions.Uploads;

/// <summary>
/// What the blob trigger does with one uploaded blob: every blob catalog reading that container and prefix gets its
/// current version once (the receipts of <see cref="UploadTrigger"/>, as for every upload path).
/// </summary>
public sealed class BlobUploads(BlobCatalogMatcher matcher, CatalogService catalogs, UploadTrigger trigger)
{
    /// <summary>How many ingests started, and one line per catalog saying what happened.</summary>
    public sealed record Outcome(int Started, IReadOnlyList<string> Logs);

    public async Task<Outcome> ReceivedAsync(string container, string path, CancellationToken ct)
    {
        var blob = $"{container}/{path}";
        var logs = new List<string>();
        var started = 0;
        foreach (var (catalog, name) in await matcher.ByContainerAsync(container, path, ct))
        {
            // The version as it is now: a newer one than the event's supersedes it anyway.
            if ((await catalogs.Originals(catalog).GetPropertiesAsync(name, ct))?.ETag is not { } version)
            {
                logs.Add($"{blob}: gone before it could be read; catalog '{catalog.Name}' marks it removed");
                await trigger.DeletedAsync(catalog, [name], ct);
                continue;
            }

            var count = await trigger.OfferAsync(catalog, [(name, version)], ct);
            started += count;
            logs.Add(count == 0 ? $"{blob}: already received by catalog '{catalog.Name}'" : $"{blob}: ingest started for catalog '{catalog.Name}'");
        }

        if (logs.Count == 0)
        {
            logs.Add($"{blob}: no catalog reads this container and prefix");
        }

        return new Outcome(started, logs);
    }
}
