using System.CommandLine;

namespace Lumina.Functions.Cli;

/// <summary>The command line: each verb is a thin caller of the services the HTTP routes use.</summary>
public static class LuminaCli
{
    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Lumina: rebuilds and maintains the metadata of large photo catalogs.")
        {
            CatalogCommands.Catalog(),
            CatalogCommands.Import(),
            AnalyzeCommand.Create(),
            JobCommands.Rebuild(),
            JobCommands.RunJob(),
            JobCommands.Jobs(),
            ServeCommand.Create(),
            ExportCommand.Create(),
            HealthCommand.Create(),
            SearchCommand.Create(),
            BackupCommands.Backup(),
            BackupCommands.Restore(),
            BenchCommand.Create(),
        };
        return root.Parse(args).InvokeAsync();
    }
}
