using System.CommandLine;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Text;

namespace Lumina.Functions.Cli;

/// <summary><c>lumina backup &lt;catalog&gt;</c> and <c>lumina restore &lt;catalog&gt; &lt;backup&gt;</c>.</summary>
public static class BackupCommands
{
    public static Command Backup()
    {
        var catalog = new Argument<string>("catalog") { Description = "Catalog name or id" };
        var output = new Option<string?>("--output", "-o") { Description = "Backup file (default: $LUMINA_HOME/backups/<catalog>/<time>-manual.zip)" };
        var command = new Command("backup", "Write a compressed snapshot of a catalog's metadata") { catalog, output };
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
