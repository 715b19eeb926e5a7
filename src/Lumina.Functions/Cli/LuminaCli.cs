using System.CommandLine;

namespace Lumina.Functions.Cli;

/// <summary>The command line: each verb is a thin caller of the services the HTTP routes use.</summary>
public static class LuminaCli
{
    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Lumina: rebuilds and maintains the metadata of large photo catalogs.");
        BenchDurableCommand.AddTo(root);
        return root.Parse(args).InvokeAsync();
    }
}
