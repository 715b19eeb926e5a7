using System.CommandLine;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Export;

namespace Lumina.Functions.Cli;

/// <summary><c>lumina export &lt;catalog&gt; --format jsonl|csv</c>: one record per image.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var catalog = new Argument<string>("catalog") { Description = "Catalog name or id" };
        var format = CliOptions.Choice("--format", "jsonl (default) or csv", ExportFormat.Jsonl);
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output" };
        var command = new Command("export", "Write a catalog's metadata, one record per image") { catalog, format, output };
        command.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct);
            var catalogs = app.Get<CatalogService>();
            var record = await catalogs.GetAsync(result.GetValue(catalog)!, ct);
            await using var stream = result.GetValue(output) is { } path
                ? OutputFile.Create(OutputFile.Check(path, await catalogs.ListAsync(ct)))
                : Console.OpenStandardOutput();
            await app.Get<CatalogExporter>().WriteAsync(record.Id, result.GetValue(format), stream, ct);
            return 0;
        }));
        return command;
    }
}
