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
        var removed = new Option<bool>("--include-removed") { Description = "Also export images whose originals are gone (their metadata is kept until `catalog purge-removed`)" };
        var command = new Command("export", "Write a catalog's metadata, one record per present image") { catalog, format, output, removed };
        command.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct);
            var catalogs = app.Get<CatalogService>();
            var record = await catalogs.GetAsync(result.GetValue(catalog)!, ct);
            await using var stream = result.GetValue(output) is { } path
                ? OutputFile.Create(OutputFile.Check(path, await catalogs.ListAsync(ct)))
                : Console.OpenStandardOutput();
            await app.Get<CatalogExporter>().WriteAsync(record.Id, result.GetValue(format), stream, result.GetValue(removed), ct);
            return 0;
        }));
        return command;
    }
}
