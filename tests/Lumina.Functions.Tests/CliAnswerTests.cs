using System.Diagnostics;
using System.Text.RegularExpressions;
using Lumina.Postgres;
using Lumina.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using static Lumina.Functions.Tests.LuminaProcess;

namespace Lumina.Functions.Tests;

/// <summary>What the CLI answers a user, run as a separate process: help, typos, paths, options, job listings, first runs.</summary>
public sealed class CliAnswerTests
{
    /// <summary>A database that cannot be reached: a command that answers before opening the database passes, any other fails.</summary>
    private static readonly (string, string)[] NoDatabase = [("LUMINA_POSTGRES", "Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z;Timeout=2")];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewHome() => Path.Combine(Path.GetTempPath(), $"lumina-cli-home-{Guid.NewGuid():N}");

    [Fact]
    public async Task HelpDescribesACommandAndAMistypedCommandOrOptionGetsTheNearestOne()
    {
        var home = NewHome();

        var help = await RunAsync(home, NoDatabase, "help", "rebuild");
        Assert.True(help.ExitCode == 0, help.Output);
        Assert.Contains("lumina rebuild <folder|catalog> [options]", help.Output);
        Assert.Contains("--force", help.Output);
        var nested = await RunAsync(home, NoDatabase, "help", "jobs", "status");
        Assert.True(nested.ExitCode == 0, nested.Output);
        Assert.Contains("lumina jobs status <id> [options]", nested.Output);

        var typo = await RunAsync(home, NoDatabase, "rebuld", "/photos");
        Assert.Equal(1, typo.ExitCode);
        Assert.Equal("lumina: unknown command 'rebuld': did you mean 'rebuild'?", typo.Output.Trim());
        Assert.Equal("lumina: unknown command 'rebiuld': did you mean 'rebuild'?", (await RunAsync(home, NoDatabase, "help", "rebiuld")).Output.Trim());
        Assert.Equal("lumina: unknown command 'lst' of 'jobs': did you mean 'list'?", (await RunAsync(home, NoDatabase, "jobs", "lst")).Output.Trim());
        var option = await RunAsync(home, NoDatabase, "export", "trip", "--fromat", "csv");
        Assert.Equal(1, option.ExitCode);
        Assert.Contains("lumina: unknown option '--fromat' for 'export': did you mean '--format'?", option.Output);
        Assert.Contains("lumina: `./lumina help export` shows how to use it", option.Output);
        Assert.DoesNotContain("Description:", option.Output);
        Assert.False(Directory.Exists(home));
    }

    [Fact]
    public async Task UsageErrorsNameTheCliOptionsNotTheHttpFieldsNorDotNetTypes()
    {
        var home = NewHome();
        (string[] Args, string Message)[] cases =
        [
            (["run-job", "detect-duplicates", "trip", "--threshold", "100"], "lumina: --threshold must be 0 to 32 bits (got 100)"),
            (["run-job", "detect-duplicates", "trip", "--threshold", "abc"], "lumina: --threshold must be a whole number (got 'abc')"),
            (["run-job", "detect-bursts", "trip", "--gap", "-3"], "lumina: --gap must be more than 0 and at most 60 (got -3)"),
            (["run-job", "detect-duplicates", "trip", "--embedding-similarity", "3"], "lumina: --embedding-similarity must be 0.5 to 1 (got 3)"),
            (["export", "trip", "--format", "xml"], "lumina: --format must be jsonl or csv (got 'xml')"),
            (["health", "trip", "--format", "html"], "lumina: --format must be md or json (got 'html')"),
            (["analyze", "trip", "--workers", "many"], "lumina: --workers must be a whole number from 1 to 256 (got 'many')"),
            (["search", "dogs", "--catalog", "trip", "--top", "-1"], "lumina: --top must be a whole number from 1 to 1000 (got '-1')"),
            (["jobs", "status"], "lumina: 'jobs status' needs <id> (job id)"),
            (["jobs", "list", "--type", "sharpen"], "lumina: unknown job type 'sharpen': known types are analyze, thumbnails,"),
            (["jobs", "list", "--status", "exploded"], "lumina: unknown status 'exploded': use "),
        ];
        foreach (var (args, message) in cases)
        {
            var run = await RunAsync(home, NoDatabase, args);
            var said = $"{string.Join(' ', args)}: exit {run.ExitCode}: {run.Output}";
            Assert.True(run.ExitCode == 1, said);
            Assert.True(run.Output.Contains(message, StringComparison.Ordinal), said);
            foreach (var foreign in new[] { "similarity_threshold", "burst_gap_seconds", "embedding_similarity", "System.", "Lumina.", "Exception", "PostgreSQL" })
            {
                Assert.False(run.Output.Contains(foreign, StringComparison.Ordinal), said);
            }
        }
    }

    [Fact]
    public async Task RebuildFindsAnExistingCatalogThroughATrailingSlashOrARelativePathAndAMissingFolderIsSaidSo()
    {
        await using var database = await TestDatabase.CreateAsync("paths", Storage.Catalog.CatalogSchema.Scripts);
        var parent = Directory.CreateTempSubdirectory("lumina-cli-paths-").FullName;
        var photos = Directory.CreateDirectory(Path.Combine(parent, "trip")).FullName;
        TestImages.SaveScene(Path.Combine(photos, "one.jpg"), 320, 240, 1);
        var home = Path.Combine(parent, "home");
        (string, string)[] environment = [("LUMINA_POSTGRES", database.ConnectionString)];
        try
        {
            var first = await RunAsync(home, environment, "rebuild", photos);
            Assert.True(first.ExitCode == 0, first.Output);

            foreach (var (folder, workingDirectory) in new[] { (photos + "/", parent), ("trip/", parent), ("./trip", parent), (".", photos) })
            {
                var again = await RunInAsync(workingDirectory, home, environment, "rebuild", folder);
                Assert.True(again.ExitCode == 0, $"rebuild {folder} in {workingDirectory}: {again.Output}");
                Assert.Contains("# Health of catalog 'trip'", again.Output);
            }

            Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM lumina.catalogs"));
            Assert.Equal(photos, await database.ScalarAsync<string>("SELECT source FROM lumina.catalogs"));
            Assert.Equal(5L, await database.ScalarAsync<long>("SELECT count(*) FROM lumina.jobs WHERE type = 'rebuild'"));

            var missing = await RunInAsync(parent, home, environment, "rebuild", "gone/");
            Assert.Equal(1, missing.ExitCode);
            Assert.Equal($"lumina: no such folder: {parent}/gone", missing.Output.Trim());
            var missingWord = await RunInAsync(parent, home, environment, "analyze", "gone");
            Assert.Equal(1, missingWord.ExitCode);
            Assert.Equal($"lumina: no such folder: {parent}/gone, and no catalog 'gone': known catalogs are trip", missingWord.Output.Trim());
            var file = await RunAsync(home, environment, "rebuild", Path.Combine(photos, "one.jpg"));
            Assert.Equal(1, file.ExitCode);
            Assert.Contains($"lumina: {photos}/one.jpg is a file, not a folder", file.Output);
            Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM lumina.catalogs"));
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public async Task ABadOutputNamesThePathAndTheReasonAndNothingIsWritten()
    {
        await using var database = await TestDatabase.CreateAsync("output", Storage.Catalog.CatalogSchema.Scripts);
        var parent = Directory.CreateTempSubdirectory("lumina-cli-output-").FullName;
        var photos = Directory.CreateDirectory(Path.Combine(parent, "photos")).FullName;
        TestImages.SaveScene(Path.Combine(photos, "one.jpg"), 320, 240, 1);
        var home = Path.Combine(parent, "home");
        (string, string)[] environment = [("LUMINA_POSTGRES", database.ConnectionString)];
        try
        {
            var created = await RunAsync(home, environment, "catalog", "create", "out", "--folder", photos);
            Assert.True(created.ExitCode == 0, created.Output);

            (string Verb, string Path, string Reason)[] cases =
            [
                ("export", parent, $"{parent} is a folder: give the name of a file to write"),
                ("export", $"{parent}/nowhere/x.csv", $"the folder {parent}/nowhere does not exist"),
                ("export", $"{photos}/one.jpg/x.csv", $"{photos}/one.jpg is a file, not a folder"),
                ("export", $"{photos}/export.csv", $"it is inside the originals of catalog 'out' ({photos}), and Lumina never writes among originals"),
                ("backup", $"{parent}/nowhere/b.zip", $"the folder {parent}/nowhere does not exist"),
                ("backup", $"{photos}/b.zip", $"it is inside the originals of catalog 'out' ({photos}), and Lumina never writes among originals"),
            ];
            foreach (var (verb, path, reason) in cases)
            {
                var run = await RunAsync(home, environment, verb, "out", "--output", path);
                Assert.True(run.ExitCode == 1, $"{verb} --output {path}: {run.Output}");
                Assert.Equal($"lumina: cannot write --output {path}: {reason}", run.Output.Trim());
            }

            Assert.False(Directory.Exists(Path.Combine(parent, "nowhere")));
            Assert.Equal(["one.jpg"], Directory.GetFileSystemEntries(photos).Select(Path.GetFileName));

            var good = await RunAsync(home, environment, "export", "out", "--format", "csv", "--output", Path.Combine(parent, "out.csv"));
            Assert.True(good.ExitCode == 0, good.Output);
            Assert.Contains("path,", await File.ReadAllTextAsync(Path.Combine(parent, "out.csv"), Ct));
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public async Task JobsListHasAHeaderAndACatalogColumnAndJobsStatusShowsEachPhaseOnceWithoutJson()
    {
        await using var database = await TestDatabase.CreateAsync("jobslist", Storage.Catalog.CatalogSchema.Scripts);
        var parent = Directory.CreateTempSubdirectory("lumina-cli-jobs-").FullName;
        var photos = Directory.CreateDirectory(Path.Combine(parent, "pair")).FullName;
        TestImages.SaveScene(Path.Combine(photos, "a.jpg"), 320, 240, 7);
        File.Copy(Path.Combine(photos, "a.jpg"), Path.Combine(photos, "b.jpg"));
        var home = Path.Combine(parent, "home");
        (string, string)[] environment = [("LUMINA_POSTGRES", database.ConnectionString)];
        try
        {
            var rebuild = await RunAsync(home, environment, "rebuild", photos);
            Assert.True(rebuild.ExitCode == 0, rebuild.Output);
            Assert.Contains("1 duplicate group holding 2 images", rebuild.Output);
            Assert.DoesNotContain("1 duplicate groups", rebuild.Output);
            Assert.DoesNotContain("{", rebuild.Output.Split("# Health")[0]);

            var list = await RunAsync(home, environment, "jobs", "list");
            Assert.True(list.ExitCode == 0, list.Output);
            var lines = list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            Assert.Matches(@"^ID +TYPE +CATALOG +STATUS +STARTED \(UTC\) +PROGRESS OR ERROR$", lines[0]);
            Assert.Matches(@"^rebuild-\S+ +rebuild +pair +completed +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", lines[1]);
            Assert.Equal(lines[0].IndexOf("CATALOG", StringComparison.Ordinal), lines[1].IndexOf("pair", StringComparison.Ordinal));
            var none = await RunAsync(home, environment, "jobs", "list", "--type", "geohash", "--status", "running,failed");
            Assert.True(none.ExitCode == 0, none.Output);
            Assert.Equal("No jobs.", none.Output.Trim());

            var id = lines[1].Split(' ')[0];
            var status = await RunAsync(home, environment, "jobs", "status", id);
            Assert.True(status.ExitCode == 0, status.Output);
            Assert.StartsWith($"{id}: rebuild of catalog 'pair', completed, started ", status.Output);
            foreach (var phase in new[] { "analysis", "duplicates", "bursts", "health" })
            {
                Assert.Single(status.Output.Split('\n'), l => l.StartsWith($"  {phase}: completed", StringComparison.Ordinal));
            }

            // Neither photo has GPS: geohash has nothing to do and does not run.
            Assert.Single(status.Output.Split('\n'), l => l.StartsWith("  geohash: unchanged: every image with GPS has its geohash", StringComparison.Ordinal));

            Assert.Contains("  duplicates: completed: 1 duplicate group holding 2 images", status.Output);
            Assert.Contains("  analysis: completed: 2 analyzed, 0 failed", status.Output);
            Assert.DoesNotContain("{", status.Output);
            Assert.DoesNotContain("\"", status.Output);
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public async Task TheFirstRunSaysItCreatesThePrivateClusterAndHowLongThatTookInLuminasOwnLines()
    {
        var home = NewHome();
        try
        {
            var first = await RunAsync(home, "catalog", "list");
            Assert.True(first.ExitCode == 0, first.Output);
            var lines = first.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains($"lumina: first run: creating a private PostgreSQL cluster in {home}/postgres (once; this takes a few seconds)", lines);
            Assert.Contains(lines, l => Regex.IsMatch(l, @"^lumina: the private PostgreSQL cluster is ready after \d+\.\d s; later runs reuse it$"));
            Assert.Contains(lines, l => l.StartsWith("lumina: applying catalog schema 1 ", StringComparison.Ordinal));
            Assert.All(lines, l => Assert.StartsWith("lumina: ", l));
            Assert.DoesNotContain("info:", first.Output);
            Assert.DoesNotContain("[0]", first.Output);

            var second = await RunAsync(home, "catalog", "list");
            Assert.True(second.ExitCode == 0, second.Output);
            Assert.DoesNotContain("first run", second.Output);
            Assert.DoesNotContain("applying", second.Output);
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
    public async Task TheLauncherSaysTheFirstRunBuildsHowLongThatTakesAndHowLongItTook()
    {
        // The real ./lumina script over a stand-in project, so the test builds seconds of code, not Lumina.
        var root = Directory.CreateTempSubdirectory("lumina-launcher-").FullName;
        try
        {
            File.Copy(Path.Combine(RepoPaths.Root, "lumina"), Path.Combine(root, "lumina"));
            Directory.CreateDirectory(Path.Combine(root, "infra", "local"));
            await File.WriteAllTextAsync(Path.Combine(root, "infra", "local", "install-deps.sh"), "#!/bin/sh\nexit 0\n", Ct);
            File.SetUnixFileMode(Path.Combine(root, "infra", "local", "install-deps.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            await File.WriteAllTextAsync(Path.Combine(root, "Directory.Build.props"), "<Project />\n", Ct);
            await File.WriteAllTextAsync(Path.Combine(root, "Directory.Packages.props"), "<Project />\n", Ct);
            var project = Directory.CreateDirectory(Path.Combine(root, "src", "Lumina.Functions")).FullName;
            await File.WriteAllTextAsync(Path.Combine(project, "Lumina.Functions.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><AssemblyName>lumina</AssemblyName></PropertyGroup>
                </Project>
                """, Ct);
            await File.WriteAllTextAsync(Path.Combine(project, "Program.cs"), "System.Console.WriteLine(\"stand-in \" + string.Join(' ', args));\n", Ct);

            var first = await LaunchAsync(root, "hello");
            Assert.True(first.ExitCode == 0, first.Error);
            Assert.Equal("stand-in hello", first.Output.Trim());
            Assert.Contains("lumina: first run: building Lumina (Release) into artifacts/lumina; this takes 1 to 3 minutes on 2 cores, once", first.Error);
            Assert.Matches(@"(?m)^lumina: built in \d+ s$", first.Error);

            var second = await LaunchAsync(root, "again");
            Assert.True(second.ExitCode == 0, second.Error);
            Assert.Equal("stand-in again", second.Output.Trim());
            Assert.DoesNotContain("build", second.Error);

            File.SetLastWriteTimeUtc(Path.Combine(project, "Program.cs"), DateTime.UtcNow.AddMinutes(1));
            var changed = await LaunchAsync(root, "changed");
            Assert.True(changed.ExitCode == 0, changed.Error);
            Assert.Contains("lumina: a source changed: building again (Release)", changed.Error);
            Assert.Matches(@"(?m)^lumina: built in \d+ s$", changed.Error);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> LaunchAsync(string root, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(root, "lumina"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static async Task<(int ExitCode, string Output)> RunInAsync(string workingDirectory, string home, (string Name, string Value)[] environment, params string[] args)
    {
        using var process = Start(home, environment, workingDirectory, args);
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await stdout + await stderr);
    }
}
