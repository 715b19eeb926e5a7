using System.CommandLine;
using System.CommandLine.Help;

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
        root.Add(Help(root));
        return RunAsync(root, args);
    }

    private static Task<int> RunAsync(RootCommand root, string[] args)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count == 0 || parsed.Action is HelpAction)
        {
            return parsed.InvokeAsync();
        }

        if (args.Length == 0)
        {
            root.Parse(["--help"]).Invoke();
            return Task.FromResult(1);
        }

        return Task.FromResult(CliUsage.Report(parsed));
    }

    /// <summary><c>lumina help [command...]</c>: the same text as <c>lumina [command...] --help</c>.</summary>
    private static Command Help(RootCommand root)
    {
        var words = new Argument<string[]>("command") { Description = "The command to describe, e.g. rebuild or jobs list", Arity = ArgumentArity.ZeroOrMore };
        var help = new Command("help", "Show how to use a command") { words };
        help.SetAction(result =>
        {
            Command command = root;
            var path = new List<string>();
            foreach (var word in result.GetValue(words) ?? [])
            {
                if (command.Subcommands.FirstOrDefault(c => c.Name == word || c.Aliases.Contains(word)) is not { } next)
                {
                    Console.Error.WriteLine($"lumina: {CliUsage.UnknownCommand(word, command)}");
                    return 1;
                }

                path.Add(word);
                command = next;
            }

            return root.Parse([.. path, "--help"]).Invoke();
        });
        return help;
    }
}
