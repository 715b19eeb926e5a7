using System.CommandLine;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Import;
using Lumina.Storage.Catalog;

namespace Lumina.Functions.Cli;

/// <summary><c>lumina catalog create|list|purge-removed</c> and <c>lumina import</c>.</summary>
public static class CatalogCommands
{
    public static Command Catalog()
    {
        var name = new Argument<string>("name") { Description = "Catalog name" };
        var folder = new Option<string?>("--folder") { Description = "A local folder of originals" };
        var blob = new Option<string?>("--blob") { Description = "A storage connection string, a SAS URL, or the name of a setting holding one" };
        var container = new Option<string?>("--container") { Description = "The originals' container (with --blob)" };
        var prefix = new Option<string>("--prefix") { Description = "Only blobs below this prefix (with --blob)", DefaultValueFactory = _ => "" };
        var derived = new Option<string?>("--derived-container") { Description = "Container for thumbnails and previews (default: <container>-derived)" };
        var create = new Command("create", "Create a catalog over a local folder or a blob container") { name, folder, blob, container, prefix, derived };
        create.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct);
            var catalogs = app.Get<CatalogService>();
            var record = (result.GetValue(folder), result.GetValue(blob)) switch
            {
                ({ } path, null) => await catalogs.CreateFolderCatalogAsync(result.GetValue(name)!, path, ct),
                (null, { } connection) => await catalogs.CreateBlobCatalogAsync(
                    result.GetValue(name)!,
                    new BlobLocation(connection, result.GetValue(container) ?? throw new CatalogException("--blob needs --container (or a container SAS URL)"), NormalizePrefix(result.GetValue(prefix)!)),
                    result.GetValue(derived), ct),
                _ => throw new CatalogException("give either --folder <path> or --blob <connection> --container <name>"),
            };
            Console.WriteLine($"Created catalog '{record.Name}' ({record.Id}) over {CatalogService.DescribeSource(record)}");
            return 0;
        }));

        var list = new Command("list", "List the catalogs");
        list.SetAction((_, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct);
            foreach (var record in await app.Get<CatalogService>().ListAsync(ct))
            {
                Console.WriteLine($"{record.Name}\t{record.Id}\t{CatalogService.DescribeSource(record)}");
            }

            return 0;
        }));

        var purged = new Argument<string>("catalog") { Description = "Catalog name or id" };
        var purge = new Command("purge-removed", "Drop the catalog's removed images (originals gone, metadata kept), after a backup") { purged };
        purge.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct);
            var record = await app.Get<CatalogService>().GetAsync(result.GetValue(purged)!, ct);
            var done = await app.Get<RemovedImages>().PurgeAsync(record, RemovedImages.Chunk, ct);
            Console.WriteLine(done.Backup is null
                ? $"Catalog '{record.Name}' has no removed images: nothing purged"
                : $"Purged {done.Purged} removed images of catalog '{record.Name}'" +
                  (done.Groups + done.Bursts > 0 ? $" ({done.Groups} duplicate groups and {done.Bursts} bursts left incomplete were dropped)" : "") +
                  $"; backup taken first: {done.Backup.Location}");
            return 0;
        }));

        return new Command("catalog", "Create and list catalogs, and purge their removed images") { create, list, purge };
    }

    public static Command Import()
    {
        var folder = new Argument<string>("folder") { Description = "Local folder of photos to upload" };
        var catalog = new Option<string>("--catalog") { Description = "The blob catalog to upload into", Required = true };
        var workers = CliOptions.Workers();
        var command = new Command("import", "Upload a folder into a blob catalog (parallel, resumable, skipping identical blobs)") { folder, catalog, workers };
        command.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct);
            var record = await app.Get<CatalogService>().GetAsync(result.GetValue(catalog)!, ct);
            var workerCount = result.GetValue(workers) ?? Math.Max(4, app.Get<Configuration.LuminaSettings>().Workers * 2);
            var summary = await ProgressDisplay.RunAsync("uploading", started => app.Get<ImportRun>().RunAsync(record, result.GetValue(folder)!, workerCount, started, ct));
            Console.WriteLine(
                $"Catalog '{summary.Catalog}': {summary.Found} photos found, {summary.Uploaded} uploaded, {summary.Skipped} already present, {summary.Failed} failed " +
                $"in {summary.Elapsed.TotalSeconds:F1} s ({summary.FilesPerSecond:F1} files/s, {summary.MegabytesPerSecond:F1} MB/s)");
            foreach (var failure in summary.Failures.Take(20))
            {
                Console.WriteLine($"  failed: {failure.Path}: {failure.Error}");
            }

            return summary.Failed == 0 ? 0 : 2;
        }));
        return command;
    }

    private static string NormalizePrefix(string prefix) => prefix.Length == 0 || prefix.EndsWith('/') ? prefix : prefix + "/";
}
