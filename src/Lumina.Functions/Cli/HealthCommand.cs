using System.CommandLine;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Health;

namespace Lumina.Functions.Cli;

/// <summary><c>lumina health &lt;catalog&gt; [--format md|json]</c>: what is missing and which jobs fix it.</summary>
public static class HealthCommand
{
    public enum Format
    {
        Md,
        Json,
    }

    public static Command Create()
    {
        var catalog = new Argument<string>("catalog") { Description = "Catalog name or id" };
        var format = CliOptions.Choice("--format", "md (default) or json", Format.Md);
        var command = new Command("health", "Report a catalog's coverage, duplicates, bursts and failures, with the jobs that fix what is missing")
        {
            catalog, format,
        };
        command.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct);
            var record = await app.Get<CatalogService>().GetAsync(result.GetValue(catalog)!, ct);
            var report = await app.Get<HealthService>().ReportAsync(record, ct);
            Console.WriteLine(result.GetValue(format) == Format.Json ? HealthJson.Render(report) : HealthMarkdown.Render(report));
            return 0;
        }));
        return command;
    }
}
