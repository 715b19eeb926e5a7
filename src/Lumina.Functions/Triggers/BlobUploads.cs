using Lumina.Functions.Catalogs;

namespace Lumina.Functions.Triggers;

/// <summary>
/// What a blob trigger does with one uploaded blob, whichever host delivers it (the Functions app's blob trigger, or
/// the custom handler's invocation): every blob catalog reading that container and prefix gets the version once.
/// </summary>
public sealed class BlobUploads(BlobCatalogMatcher matcher, CatalogService catalogs, UploadTrigger trigger)
{
    /// <summary>How many ingests started, and one line per catalog saying what happened.</summary>
    public sealed record Outcome(int Started, IReadOnlyList<string> Logs);

    /// <param name="etag">The version's ETag when the trigger gives it; otherwise the blob's current properties are read.</param>
    public async Task<Outcome> ReceivedAsync(string container, string path, string? etag, CancellationToken ct)
    {
        var blob = $"{container}/{path}";
        var logs = new List<string>();
        var started = 0;
        foreach (var (catalog, name) in await matcher.ByContainerAsync(container, path, ct))
        {
            var version = etag is { } given
                ? given.StartsWith('"') ? given : $"\"{given}\""
                : (await catalogs.Originals(catalog).GetPropertiesAsync(name, ct))?.ETag;
            if (version is null)
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
