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

        var noInitdb = await RunAsync(home, [("LUMINA_PG_BIN", "/nonexistent/bin")], "catalog", "list");
        Assert.Equal(1, noInitdb.ExitCode);
        Assert.Contains("LUMINA_PG_BIN=/nonexistent/bin holds no initdb", noInitdb.Output);

        var unreachable = await RunAsync(home, [("LUMINA_POSTGRES", "Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z;Timeout=2")], "export", "x");
        Assert.Equal(1, unreachable.ExitCode);
        Assert.Contains("cannot use PostgreSQL at 127.0.0.1:1 database 'z' (LUMINA_POSTGRES)", unreachable.Output);
    }

    [Fact]
    public async Task AKilledRebuildResumesInTheNextProcessSaysItWaitsForTheKilledHostAndAnalyzesEveryImageOnce()
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
            ("LUMINA_POSTGRES", database.ConnectionString), ("LUMINA_BATCH_SIZE", "1"), ("LUMINA_WORKERS", "1"), ("LUMINA_LOCK_TIMEOUT", "15"),
            // The analysis continues as new every 8 batches: the kill and the resume meet executions part-way through.
            ("LUMINA_JOB_WINDOW", "8"),
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
            var health = await RunAsync(home, environment, "health", "resume");
            var interrupted = await database.ScalarAsync<string>("SELECT id FROM lumina.jobs WHERE type = 'rebuild'");
            Assert.Contains($"rebuild {interrupted} (started ", health.Output);
            Assert.Contains("has not finished (last at: analysis): if its host stopped, this resumes it", health.Output);
            Assert.Contains("`./lumina rebuild resume`", health.Output);
            Assert.DoesNotContain("Nothing to do", health.Output);

            var second = await RunAsync(home, environment, "rebuild", folder.Root, "--catalog", "resume");

            Assert.True(second.ExitCode == 0, second.Output);
            Assert.Contains("Resuming rebuild rebuild-", second.Output);
            Assert.Contains($"Waiting for a host that stopped (process {first.Id} on this machine): its locks on ", second.Output);
            var after = await SnapshotAsync(database);
            Assert.Equal(photos, after.Count);
            Assert.All(before, row => Assert.Equal(row.Value, after[row.Key]));
            // An image saved a second time has a later updated_at than the insert's created_at.
            Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM lumina.images WHERE updated_at <> created_at"));
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
    public async Task ServeReadsLocalSettingsJsonAndLetsTheEnvironmentWin()
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
                "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
                "LUMINA_POSTGRES": "{{database.ConnectionString}}",
                "LUMINA_BATCH_SIZE": "not a number"
              }
            }
            """, Ct);
        using var serve = Start(home, [("LUMINA_BATCH_SIZE", "4")], app, "serve", "--urls", $"http://127.0.0.1:{port}");
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

    [Fact]
    public async Task TraversalNamesAreRefusedByEveryVerbAndNothingIsWrittenOutsideLuminaHome()
    {
        using var folder = new PhotoFolder();
        TestImages.SaveScene(folder.PathOf("one.jpg"), 320, 240, 1);
        await using var database = await TestDatabase.CreateAsync("names", Storage.Catalog.CatalogSchema.Scripts);
        var outside = Directory.CreateTempSubdirectory("lumina-cli-names-").FullName;
        var home = Path.Combine(outside, "a", "home");
        (string, string)[] environment = [("LUMINA_POSTGRES", database.ConnectionString)];
        try
        {
            string[][] attempts =
            [
                ["catalog", "create", "../../x y", "--folder", folder.Root],
                ["catalog", "create", "", "--folder", folder.Root],
                ["catalog", "create", "a/../../b", "--blob", "UseDevelopmentStorage=true", "--container", "photos"],
                ["rebuild", folder.Root, "--catalog", "a/../../b"],
                ["analyze", folder.Root, "--catalog", "../../x y"],
                ["backup", "../../x y"],
                ["export", "a/../../b"],
                ["health", ""],
                ["run-job", "analyze", "../../x y"],
                ["jobs", "list", "--catalog", "../../x y"],
                ["import", folder.Root, "--catalog", "a/../../b"],
                ["catalog", "delete", "../../x y"],
                ["restore", "a/../../b", folder.PathOf("one.jpg")],
            ];
            foreach (var attempt in attempts)
            {
                var run = await RunAsync(home, environment, attempt);
                Assert.True(run.ExitCode == 1, $"{string.Join(' ', attempt)}: exit {run.ExitCode}: {run.Output}");
                Assert.Contains("is not a valid catalog name: catalog names are 1 to 64 characters of letters (a-z, A-Z), digits, '-', '_' or '.', not starting with '.'", run.Output);
            }

            Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM lumina.catalogs"));
            Assert.Empty(OutsideOf(home, outside));

            var id = Guid.CreateVersion7();
            await database.ScalarAsync<object>(
                "INSERT INTO lumina.catalogs (id, name, source_kind, source, derived) VALUES ($1, '../../x y', 'folder', $2, $3)", id, folder.Root, Path.Combine(home, "derived", id.ToString()));
            var legacy = await RunAsync(home, environment, "backup", "../../x y");
            Assert.True(legacy.ExitCode == 0, legacy.Output);
            Assert.Contains($"to {Path.Combine(home, "backups", id.ToString())}/", legacy.Output);
            Assert.Empty(OutsideOf(home, outside));
            var deleted = await RunAsync(home, environment, "catalog", "delete", "../../x y");
            Assert.True(deleted.ExitCode == 0, deleted.Output);
            Assert.Contains("Deleted catalog '../../x y'", deleted.Output);
            Assert.Empty(OutsideOf(home, outside));
            Assert.True(File.Exists(folder.PathOf("one.jpg")));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task AFolderWithSpacesRebuildsIntoAValidCatalogNameThatCatalogDeleteRemoves()
    {
        await using var database = await TestDatabase.CreateAsync("spaces", Storage.Catalog.CatalogSchema.Scripts);
        var parent = Directory.CreateTempSubdirectory("lumina-cli-spaces-").FullName;
        var photos = Directory.CreateDirectory(Path.Combine(parent, "My Photos")).FullName;
        TestImages.SaveScene(Path.Combine(photos, "one.jpg"), 320, 240, 1);
        var home = Path.Combine(parent, "home");
        (string, string)[] environment = [("LUMINA_POSTGRES", database.ConnectionString)];
        try
        {
            var rebuild = await RunAsync(home, environment, "rebuild", photos);
            Assert.True(rebuild.ExitCode == 0, rebuild.Output);
            Assert.Contains("catalog 'My-Photos'", rebuild.Output);

            var delete = await RunAsync(home, environment, "catalog", "delete", "My-Photos");

            Assert.True(delete.ExitCode == 0, delete.Output);
            Assert.Contains("Deleted catalog 'My-Photos'", delete.Output);
            Assert.Contains($"backup taken first: {Path.Combine(home, "backups", "My-Photos")}/", delete.Output);
            Assert.Contains("thumbnails and previews: 2 files removed from folder " + Path.Combine(home, "derived"), delete.Output);
            Assert.Contains("the originals were not touched", delete.Output);
            Assert.True(File.Exists(Path.Combine(photos, "one.jpg")));
            Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(home, "derived")));
            Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM lumina.catalogs"));
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public async Task ServeSaysWhereItListensLogsOneLinePerRequestWithoutSecretsAndAPortInUseIsOneLine()
    {
        await using var database = await TestDatabase.CreateAsync("servelog", Storage.Catalog.CatalogSchema.Scripts);
        var home = Path.Combine(Path.GetTempPath(), $"lumina-cli-home-{Guid.NewGuid():N}");
        var port = FreePort();
        (string, string)[] environment =
        [
            ("LUMINA_POSTGRES", database.ConnectionString), ("LUMINA_FUNCTION_KEYS", "secret-function-key"), ("LUMINA_ADMIN_KEY", "secret-admin-key"),
        ];
        using var serve = Start(home, environment, null, "serve", "--urls", $"http://127.0.0.1:{port}");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        serve.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        serve.ErrorDataReceived += (_, e) => { if (e.Data is not null) { errors.Enqueue(e.Data); } };
        serve.BeginOutputReadLine();
        serve.BeginErrorReadLine();
        try
        {
            for (var wait = 0; wait < 600 && !output.Any(l => l.StartsWith("lumina: scanning", StringComparison.Ordinal)) && !serve.HasExited; wait++)
            {
                await Task.Delay(100, Ct);
            }

            Assert.False(serve.HasExited, string.Join('\n', errors));
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/api/catalogs?code=secret-function-key&top=5", Ct)).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.GetAsync("/api/nothing?sig=c2lnbmF0dXJl&x-api-key=k1&keep=yes", Ct)).StatusCode);
            var answer = await HttpAssert.OversizedPostAsync(http.BaseAddress, "/api/catalogs", 31_000_000, "x-functions-key: secret-function-key");
            Assert.StartsWith("HTTP/1.1 413 ", answer);

            var second = await RunAsync(home, environment, "serve", "--urls", $"http://127.0.0.1:{port}");
            for (var wait = 0; wait < 50 && output.Count(l => l.Contains(" ms", StringComparison.Ordinal)) < 3; wait++)
            {
                await Task.Delay(100, Ct);
            }

            var lines = output.ToList();
            Assert.Contains($"lumina: listening on http://127.0.0.1:{port} (keys required)", lines);
            var databaseLine = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString);
            Assert.Contains($"lumina: database {databaseLine.Host}:{databaseLine.Port}/{databaseLine.Database}, task hub 'lumina'", lines);
            Assert.Contains(lines, l => l.StartsWith("lumina: workers: 8 orchestrations and ", StringComparison.Ordinal) && l.Contains("rebuild", StringComparison.Ordinal));
            Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^lumina: libvips 8\.\d+\.\d+: (decodes JPEG, |cannot decode )"));
            Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^GET /api/catalogs\?top=5 200 \d+ ms$"));
            Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^GET /api/nothing\?keep=yes 401 \d+ ms: this route needs a function key"));
            Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^POST /api/catalogs 413 \d+ ms: the request body is larger than 30 MB"));
            var everything = string.Join('\n', lines.Concat(errors));
            Assert.DoesNotContain("secret-", everything);
            Assert.DoesNotContain("c2lnbmF0dXJl", everything);
            if (databaseLine.Password is { Length: > 0 } password)
            {
                Assert.DoesNotContain(password, everything);
            }

            Assert.DoesNotContain("Exception", everything);

            Assert.Equal(1, second.ExitCode);
            Assert.True($"lumina: 127.0.0.1:{port} is already in use: stop the other process or choose --urls" == second.Output.Trim(), second.Output);
        }
        finally
        {
            serve.Kill();
            await serve.WaitForExitAsync(Ct);
            if (Directory.Exists(home))
            {
                Directory.Delete(home, recursive: true);
            }
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

    /// <summary>What lies under <paramref name="root"/> but neither in <paramref name="home"/> nor on the way to it.</summary>
    private static IEnumerable<string> OutsideOf(string home, string root) =>
        Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Where(e => !(home + "/").StartsWith(e + "/", StringComparison.Ordinal) && !e.StartsWith(home + "/", StringComparison.Ordinal));

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
