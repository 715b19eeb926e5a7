using System.CommandLine;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Configuration;
using Lumina.Functions.Text;

namespace Lumina.Functions.Cli;

/// <summary>
/// <c>lumina backup &lt;catalog&gt;</c>, <c>lumina backup list|prune &lt;catalog&gt;</c> and
/// <c>lumina restore &lt;catalog&gt; &lt;backup&gt;</c>.
/// </summary>
public static class BackupCommands
{
    public static Command Backup()
    {
        var catalog = new Argument<string>("catalog") { Description = "Catalog name or id" };
        var output = new Option<string?>("--output", "-o") { Description = "Backup file (default: $LUMINA_HOME/backups/<catalog>/<time>-manual.zip)" };
        var command = new Command("backup", "Write a compressed snapshot of a catalog's metadata (then prune old ones by LUMINA_BACKUP_KEEP)")
        {
            catalog, output, List(), Prune(),
        };
        command.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct);
            var catalogs = app.Get<CatalogService>();
            var record = await catalogs.GetAsync(result.GetValue(catalog)!, ct);
            var path = result.GetValue(output) is { } given ? OutputFile.Check(given, await catalogs.ListAsync(ct)) : null;
            var file = await app.Get<CatalogBackups>().BackupAsync(record, "manual", path, ct);
            Console.WriteLine($"Backed up catalog '{record.Name}' ({Words.Count(file.Manifest.Rows["images"], "image")}) to {file.Path}" + (file.Copy is null ? "" : $", copied to {file.Copy}"));
            return 0;
        }));
        return command;
    }

    private static Command List()
    {
        var catalog = new Argument<string>("catalog") { Description = "Catalog name or id" };
        var command = new Command("list", "List a catalog's backups, newest first, and which ones the policy would prune") { catalog };
        command.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct);
            var record = await app.Get<CatalogService>().GetAsync(result.GetValue(catalog)!, ct);
            var backups = await app.Get<CatalogBackups>().ListAsync(record, ct);
            var keep = app.Get<LuminaSettings>().BackupKeep;
            var prunable = keep.Prunable(backups.Select(b => (b.Name, b.CreatedAt)), DateTime.UtcNow).ToHashSet();
            Console.WriteLine($"{Words.Count(backups.Count, "backup")} of catalog '{record.Name}' (LUMINA_BACKUP_KEEP={keep}: the newest {keep.Newest} and every one of the last {Words.Count(keep.Days, "day")} are kept)");
            if (backups.Count > 0)
            {
                Console.WriteLine("taken (UTC)\treason\tsize\tkept\tfile\tcopy");
            }

            foreach (var b in backups)
            {
                Console.WriteLine($"{b.CreatedAt:yyyy-MM-dd HH:mm:ss}\t{b.Reason}\t{b.Size / 1024.0:N1} KB\t{(prunable.Contains(b.Name) ? "pruned next" : "kept")}\t{b.Path ?? "-"}\t{b.Copy ?? "-"}");
            }

            return 0;
        }));
        return command;
    }

    private static Command Prune()
    {
        var catalog = new Argument<string>("catalog") { Description = "Catalog name or id" };
        var command = new Command("prune", "Delete a catalog's backups that LUMINA_BACKUP_KEEP does not keep (files and blob copies)") { catalog };
        command.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct);
            var record = await app.Get<CatalogService>().GetAsync(result.GetValue(catalog)!, ct);
            var pruned = await app.Get<CatalogBackups>().PruneAsync(record, [], ct);
            Console.WriteLine($"Pruned {Words.Count(pruned.Count, "backup")} of catalog '{record.Name}' (LUMINA_BACKUP_KEEP={app.Get<LuminaSettings>().BackupKeep})");
            foreach (var b in pruned)
            {
                Console.WriteLine($"  deleted {b.Path ?? b.Copy}{(b.Path is not null && b.Copy is not null ? $" and {b.Copy}" : "")}");
            }

            return 0;
        }));
        return command;
    }

    public static Command Restore()
    {
        var catalog = new Argument<string>("catalog") { Description = "Catalog name or id the backup was taken from" };
        var backup = new Argument<string>("backup") { Description = "Backup file" };
        var command = new Command("restore", "Replace a catalog's metadata with a backup (the current state is backed up first)") { catalog, backup };
        command.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct);
            var safety = await app.Get<CatalogBackups>().RestoreAsync(result.GetValue(catalog)!, result.GetValue(backup)!, ct);
            Console.WriteLine($"Restored {result.GetValue(backup)}" + (safety is null ? "" : $"; the previous state is in {safety.Path}" + (safety.Copy is null ? "" : $" and {safety.Copy}")));
            return 0;
        }));
        return command;
    }
}
