using Lumina.Storage.Blobs.Azure;
using Lumina.Storage.Catalog;
using Lumina.Testing;
using static Lumina.Functions.Tests.LuminaProcess;
using static Lumina.Functions.Tests.TestUploads;

namespace Lumina.Functions.Tests;

/// <summary>Uploads survive the host that claimed them: `lumina serve` processes, one SIGKILLed between claim and scheduling.</summary>
public sealed class UploadRecoveryTests
{
    private const int Uploads = 40;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UploadsClaimedByAHostKilledMidScanAreAnalyzedByAnotherHost()
    {
        var (connection, container) = await ContainerAsync("killed");
        var store = AzureBlobStore.Create(connection, container);
        await Parallel.ForEachAsync(Enumerable.Range(0, Uploads), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Ct },
            async (i, _) => await UploadSceneAsync(store, $"p{i:D2}.jpg", i));
        await using var database = await TestDatabase.CreateAsync("killed", CatalogSchema.Scripts);
        var home = Path.Combine(Path.GetTempPath(), $"lumina-cli-home-{Guid.NewGuid():N}");
        (string, string)[] environment =
        [
            ("LUMINA_POSTGRES", database.ConnectionString), ("PhotoStorage", connection), ("LUMINA_TRIGGER_INTERVAL", "1"),
            ("LUMINA_LOCK_TIMEOUT", "10"), ("LUMINA_WORKERS", "2"),
        ];
        var created = await RunAsync(home, environment, "catalog", "create", "uploads", "--blob", "PhotoStorage", "--container", container);
        Assert.True(created.ExitCode == 0, created.Output);
        System.Diagnostics.Process? second = null;
        try
        {
            // LUMINA_TEST_PAUSE_AFTER_CLAIM holds the scan between its claim and the scheduling of the ingests: the kill lands there.
            var (first, firstOutput) = StartCollecting(home, [.. environment, ("LUMINA_TEST_PAUSE_AFTER_CLAIM", "600")], "serve", "--urls", $"http://127.0.0.1:{FreePort()}");
            using (first)
            {
                await WaitUntilAsync(
                    async () => first.HasExited || await database.ScalarAsync<long>("SELECT count(*) FROM lumina.blob_receipts") == Uploads,
                    "the first host's claim", TimeSpan.FromMinutes(2));
                Assert.False(first.HasExited, firstOutput());
                first.Kill();
                await first.WaitForExitAsync(Ct);
            }

            Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM lumina.images"));
            await Task.Delay(TimeSpan.FromSeconds(11), Ct);
            var stuck = await RunAsync(home, environment, "health", "uploads");
            Assert.True(stuck.ExitCode == 0, stuck.Output);
            Assert.Contains($"{Uploads} uploads were claimed by a host that stopped before their analysis started", stuck.Output);

            var recovery = System.Diagnostics.Stopwatch.StartNew();
            (second, var secondOutput) = StartCollecting(home, environment, "serve", "--urls", $"http://127.0.0.1:{FreePort()}");
            var host = second;
            await WaitUntilAsync(
                async () => host.HasExited || await database.ScalarAsync<long>("SELECT count(*) FROM lumina.blob_receipts WHERE status = 'done'") == Uploads,
                "the second host's analysis of every upload", TimeSpan.FromMinutes(3));
            Assert.False(second.HasExited, secondOutput());
            TestContext.Current.TestOutputHelper?.WriteLine($"a second host analyzed the {Uploads} uploads in {recovery.Elapsed.TotalSeconds:0.0} s from its start");

            Assert.Equal((long)Uploads, await database.ScalarAsync<long>("SELECT count(*) FROM lumina.images WHERE error IS NULL AND thumbnail_ref IS NOT NULL"));
            Assert.Equal((long)Uploads, await database.ScalarAsync<long>("SELECT count(*) FROM lumina.blob_receipts"));
            var healthy = await RunAsync(home, environment, "health", "uploads");
            Assert.DoesNotContain("claimed by a host that stopped", healthy.Output);
        }
        finally
        {
            if (second is { HasExited: false })
            {
                second.Kill();
                await second.WaitForExitAsync(CancellationToken.None);
            }

            second?.Dispose();
            if (Directory.Exists(home))
            {
                Directory.Delete(home, recursive: true);
            }
        }
    }
}
