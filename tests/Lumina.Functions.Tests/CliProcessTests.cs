using System.Diagnostics;
using Lumina.Postgres;
using Lumina.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lumina.Functions.Tests;

/// <summary>The CLI as a user runs it: a separate process configured only by environment variables.</summary>
public sealed class CliProcessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithoutConfigurationAnalyzeStartsAPrivateClusterUnderLuminaHomeAndExportReadsIt()
    {
        using var folder = new PhotoFolder();
        TestImages.SaveScene(folder.PathOf("one.jpg"), 320, 240, 1);
        TestImages.SaveScene(folder.PathOf("two.webp"), 320, 240, 2);
        var home = Path.Combine(Path.GetTempPath(), $"lumina-cli-home-{Guid.NewGuid():N}");
        try
        {
            var analyze = await RunAsync(home, "analyze", folder.Root, "--catalog", "cli", "--workers", "2");
            Assert.True(analyze.ExitCode == 0, analyze.Output);
            Assert.Contains("Catalog 'cli': 2 photos found, 0 unchanged, 2 analyzed, 0 failed", analyze.Output);
            Assert.True(File.Exists(Path.Combine(home, "postgres", "data", "PG_VERSION")));

            var export = await RunAsync(home, "export", "cli", "--format", "csv");
            Assert.True(export.ExitCode == 0, export.Output);
            Assert.Equal(3, export.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.Contains("one.jpg,", export.Output);

            var unknown = await RunAsync(home, "export", "nope");
            Assert.Equal(1, unknown.ExitCode);
            Assert.Contains("lumina: no catalog 'nope': known catalogs are cli", unknown.Output);
        }
        finally
        {
            if (Directory.Exists(Path.Combine(home, "postgres", "data")))
            {
                var cluster = await LocalCluster.EnsureRunningAsync(Path.Combine(home, "postgres"), new ClusterSettings(), NullLogger.Instance, Ct);
                await cluster.StopAsync(Ct);
            }

            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task ABadSettingOrAnUnreachableDatabaseIsOneClearLine()
    {
        var home = Path.Combine(Path.GetTempPath(), $"lumina-cli-home-{Guid.NewGuid():N}");

        var badWorkers = await RunAsync(home, [("LUMINA_WORKERS", "lots")], "export", "x");
        Assert.Equal(1, badWorkers.ExitCode);
        Assert.Contains("LUMINA_WORKERS='lots' is not valid", badWorkers.Output);

        var unreachable = await RunAsync(home, [("LUMINA_POSTGRES", "Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z;Timeout=2")], "export", "x");
        Assert.Equal(1, unreachable.ExitCode);
        Assert.Contains("cannot use PostgreSQL at 127.0.0.1:1 database 'z' (LUMINA_POSTGRES)", unreachable.Output);
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string home, params string[] args) => RunAsync(home, [], args);

    private static async Task<(int ExitCode, string Output)> RunAsync(string home, (string Name, string Value)[] environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lumina.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["LUMINA_HOME"] = home;
        start.Environment.Remove("LUMINA_POSTGRES");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await stdout + await stderr);
    }
}
