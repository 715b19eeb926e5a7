using System.CommandLine;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Import;
using Lumina.Storage.Catalog;
using Lumina.Functions.Text;

namespace Lumina.Functions.Cli;

/// <summary><c>lumina catalog create|list|delete|purge-removed</c> and <c>lumina import</c>.</summary>
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

        var deleteName = new Argument<string>("name") { Description = "Catalog name or id" };
        var delete = new Command("delete", "Delete a catalog's metadata, thumbnails and previews after a backup (never its originals)") { deleteName };
        delete.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct);
            var deleted = await app.Get<CatalogDeletion>().DeleteAsync(result.GetValue(deleteName)!, ct);
            Console.WriteLine($"Deleted catalog '{deleted.Name}' ({deleted.Id}): {Words.Count(deleted.Images, "image")}, {Words.Count(deleted.Rows, "row")} in all");
            Console.WriteLine($"  backup taken first: {deleted.Backup.Location}");
            Console.WriteLine(deleted.DerivedLeft is { } left
                ? $"  thumbnails and previews: {left}"
                : $"  thumbnails and previews: {Words.Count(deleted.DerivedFiles, "file")} removed from {deleted.Derived}");
            Console.WriteLine("  the originals were not touched");
            return 0;
        }));

        var purged = new Argument<string>("catalog") { Description = "Catalog name or id" };
        var purge = new Command("purge-removed", "Drop the catalog's removed images (originals gone, metadata kept), after a backup") { purged };
        purge.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct);
            var record = await app.Get<CatalogService>().GetAsync(result.GetValue(purged)!, ct);
            var done = await app.Get<RemovedImages>().PurgeAsync(record, RemovedImages.Chunk, ct);
            if (done.Backup is null)
            {
                Console.WriteLine($"Catalog '{record.Name}' has no removed images: nothing purged");
                return 0;
            }

            Console.WriteLine($"Purged {Words.Count(done.Purged, "removed image")} of catalog '{record.Name}'");
            Console.WriteLine($"  backup taken first: {done.Backup.Location}");
            if (done.Groups + done.Bursts > 0)
            {
                Console.WriteLine($"  dropped {Words.Count(done.Groups, "duplicate group")} and {Words.Count(done.Bursts, "burst")} left without their best image or a second member");
            }

            Console.WriteLine("  their thumbnails and previews were kept");
            return 0;
        }));

        return new Command("catalog", "Create, list and delete catalogs, and purge their removed images") { create, list, delete, purge };
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
                $"Catalog '{summary.Catalog}': {Words.Count(summary.Found, "photo")} found, {summary.Uploaded} uploaded, {summary.Skipped} already present, {summary.Failed} failed " +
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
