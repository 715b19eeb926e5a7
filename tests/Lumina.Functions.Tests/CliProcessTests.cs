using Lumina.Postgres;
using Lumina.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using static Lumina.Functions.Tests.LuminaProcess;

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

        var badQueue = await RunAsync(home, [("LUMINA_WORK_QUEUE", "AccountName=a;AccountKey=c2VjcmV0"), ("LUMINA_WORK_QUEUE_NAME", "Lumina_Work")], "catalog", "list");
        Assert.Equal(1, badQueue.ExitCode);
        Assert.Contains("LUMINA_WORK_QUEUE is not usable: The queue name 'Lumina_Work' is not valid", badQueue.Output);
        Assert.DoesNotContain("c2VjcmV0", badQueue.Output);

        var noInitdb = await RunAsync(home, [("LUMINA_PG_BIN", "/nonexistent/bin")], "catalog", "list");
        Assert.Equal(1, noInitdb.ExitCode);
        Assert.Contains("LUMINA_PG_BIN=/nonexistent/bin holds no initdb", noInitdb.Output);

        var unreachable = await RunAsync(home, [("LUMINA_POSTGRES", "Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z;Timeout=2")], "export", "x");
        Assert.Equal(1, unreachable.ExitCode);
        Assert.Contains("cannot use PostgreSQL at 127.0.0.1:1 database 'z' (LUMINA_POSTGRES)", unreachable.Output);
    }

    [Fact]
    public async Task AKilledRebuildResumesInTheNextProcessWithoutRedoingFinishedBatches()
    {
        using var folder = new PhotoFolder();
        const int photos = 60;
        for (var i = 0; i < photos; i++)
        {
            TestImages.SaveScene(folder.PathOf($"p{i:D2}.jpg"), 1200, 900, i);
        }

        await using var database = await TestDatabase.CreateAsync("resume", Storage.Catalog.CatalogSchema.Scripts);
        var home = Path.Combine(Path.GetTempPath(), $"lumina-cli-home-{Guid.NewGuid():N}");
        (string, string)[] environment =
        [
            ("LUMINA_POSTGRES", database.ConnectionString), ("LUMINA_BATCH_SIZE", "1"), ("LUMINA_WORKERS", "1"), ("LUMINA_LOCK_TIMEOUT", "5"),
        ];
        try
        {
            using var first = Start(home, environment, null, "rebuild", folder.Root, "--catalog", "resume");
            long analyzed = 0;
            for (var wait = 0; wait < 1200 && analyzed < 5; wait++)
            {
                await Task.Delay(50, Ct);
                analyzed = await database.ScalarAsync<long>("SELECT count(*) FROM lumina.images");
            }

            first.Kill();
            await first.WaitForExitAsync(Ct);
            var before = await SnapshotAsync(database);
            Assert.True(before.Count is >= 5 and < photos, $"killed after {before.Count} of {photos} photos");

            var second = await RunAsync(home, environment, "rebuild", folder.Root, "--catalog", "resume");

            Assert.True(second.ExitCode == 0, second.Output);
            Assert.Contains("Resuming rebuild rebuild-", second.Output);
            var after = await SnapshotAsync(database);
            Assert.Equal(photos, after.Count);
            Assert.All(before, row => Assert.Equal(row.Value, after[row.Key]));
            Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM lumina.jobs WHERE type = 'rebuild'"));
            Assert.Equal(photos, await database.ScalarAsync<long>("SELECT count(*) FROM lumina.image_steps WHERE step = 'hashes'"));
        }
        finally
        {
            if (Directory.Exists(home))
            {
                Directory.Delete(home, recursive: true);
            }
        }
    }

    [Fact]
    public async Task ServeReadsLocalSettingsJsonListensWhereTheFunctionsHostSaysAndLetsTheEnvironmentWin()
    {
        await using var database = await TestDatabase.CreateAsync("serve", Storage.Catalog.CatalogSchema.Scripts);
        var home = Path.Combine(Path.GetTempPath(), $"lumina-cli-home-{Guid.NewGuid():N}");
        var app = Directory.CreateTempSubdirectory("lumina-app-").FullName;
        var port = FreePort();
        await File.WriteAllTextAsync(Path.Combine(app, "local.settings.json"), $$"""
            {
              "IsEncrypted": false,
              // as Functions Core Tools writes it, comments and all
              "Values": {
                "FUNCTIONS_WORKER_RUNTIME": "Custom",
                "FUNCTIONS_CUSTOMHANDLER_PORT": "{{port}}",
                "LUMINA_POSTGRES": "{{database.ConnectionString}}",
                "LUMINA_BATCH_SIZE": "not a number"
              }
            }
            """, Ct);
        using var serve = Start(home, [("LUMINA_BATCH_SIZE", "4")], app, "serve");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            HttpResponseMessage? response = null;
            for (var wait = 0; wait < 300 && response is null && !serve.HasExited; wait++)
            {
                try
                {
                    response = await http.GetAsync("/api/catalogs", Ct);
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100, Ct);
                }
            }

            Assert.True(response is { StatusCode: System.Net.HttpStatusCode.OK },
                $"serve did not answer on port {port}: {(serve.HasExited ? await serve.StandardError.ReadToEndAsync(Ct) : "still running")}");
        }
        finally
        {
            serve.Kill();
            await serve.WaitForExitAsync(Ct);
            Directory.Delete(app, recursive: true);
        }
    }

    [Theory]
    [InlineData("{\"IsEncrypted\": true, \"Values\": {}}", "local.settings.json is encrypted (IsEncrypted: true)")]
    [InlineData("{\"Values\": {", "local.settings.json is not valid JSON")]
    public async Task AnUnreadableLocalSettingsJsonIsOneClearLine(string content, string message)
    {
        var app = Directory.CreateTempSubdirectory("lumina-app-").FullName;
        await File.WriteAllTextAsync(Path.Combine(app, "local.settings.json"), content, Ct);
        try
        {
            using var process = Start(Path.Combine(app, "home"), [], app, "catalog", "list");
            var output = await process.StandardError.ReadToEndAsync(Ct);
            await process.WaitForExitAsync(Ct);

            Assert.Equal(1, process.ExitCode);
            Assert.Contains(message, output);
            Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            Directory.Delete(app, recursive: true);
        }
    }

    /// <summary>Each analyzed image's path and when its row was last written.</summary>
    private static async Task<Dictionary<string, DateTime>> SnapshotAsync(TestDatabase database)
    {
        var rows = new Dictionary<string, DateTime>();
        await using var cmd = database.DataSource.CreateCommand("SELECT path, updated_at FROM lumina.images");
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            rows[reader.GetString(0)] = reader.GetDateTime(1);
        }

        return rows;
    }
}
