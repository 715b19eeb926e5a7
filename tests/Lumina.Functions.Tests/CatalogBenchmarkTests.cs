using Lumina.Functions.Benchmarks;
using Lumina.Functions.Health;
using Lumina.Functions.Jobs;
using Lumina.Storage.Catalog;
using Npgsql;

namespace Lumina.Functions.Tests;

/// <summary>`lumina bench catalog`: the synthetic catalog written in COPY chunks, and the timings at several sizes.</summary>
public sealed class CatalogBenchmarkTests
{
    private const string Steps = "SELECT count(*) FROM lumina.image_steps s JOIN lumina.images i ON i.id = s.image_id WHERE i.catalog_id = $1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACatalogWrittenInChunksHoldsTheSameRowsAsOneWrittenAtOnce()
    {
        await using var host = await LuminaTestHost.StartAsync();
        var catalogs = host.Get<CatalogRepository>();
        Guid chunked = Guid.CreateVersion7(), whole = Guid.CreateVersion7();
        await catalogs.CreateAsync(chunked, "chunked", SourceKind.Folder, "/synthetic", "/synthetic-derived", Ct);
        await catalogs.CreateAsync(whole, "whole", SourceKind.Folder, "/synthetic", "/synthetic-derived", Ct);

        await SyntheticCatalog.WriteAsync(host.Get<NpgsqlDataSource>(), chunked, 1000, seed: 7, chunkRows: 128, Ct);
        await SyntheticCatalog.WriteAsync(host.Get<NpgsqlDataSource>(), whole, 1000, seed: 7, chunkRows: 1000, Ct);

        const string rows = "SELECT md5(string_agg(path || dhash || coalesce(gps_lat::text, '') || selected_date || make, ',' ORDER BY path)) FROM lumina.images WHERE catalog_id = $1";
        Assert.Equal(await host.Database.ScalarAsync<string>(rows, whole), await host.Database.ScalarAsync<string>(rows, chunked));
        Assert.Equal(1000L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.images WHERE catalog_id = $1", chunked));
        Assert.Equal(
            await host.Database.ScalarAsync<long>(Steps, whole),
            await host.Database.ScalarAsync<long>(Steps, chunked));
    }

    [Fact]
    public async Task TwoSizesAreTimedSmallestFirstWithEachPhasesGrowthAndNoCatalogLeftBehind()
    {
        await using var host = await LuminaTestHost.StartAsync();
        var benchmark = new CatalogBenchmark(host.Get<NpgsqlDataSource>(), host.Get<CatalogRepository>(), host.Get<CatalogPhases>(), host.Get<HealthService>());

        var result = await benchmark.RunAsync([900, 300], runs: 1, Ct);

        Assert.Equal([300, 900], result.Sizes.Select(s => s.Images));
        string[] phases = ["write", "geohash", "duplicates", "bursts", "duplicates unchanged", "bursts unchanged", "health", "delete"];
        Assert.All(result.Sizes, s => Assert.Equal(phases.Order(), s.Seconds.Keys.Order()));
        Assert.All(result.Sizes, s => Assert.Contains("duplicate groups holding", s.Found["duplicates"]));
        Assert.All(result.Sizes, s => Assert.True(s.PeakMemoryMb > 0));
        Assert.Equal(phases.Order(), result.GrowthExponent!.Keys.Order());
        Assert.Equal(0L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.catalogs WHERE name LIKE 'bench-catalog-%'"));
        Assert.Equal(0L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.images"));
    }

    [Fact]
    public void GrowthIsTheExponentOfTimeAgainstImages()
    {
        var small = new CatalogSizeResult(100_000, new Dictionary<string, double> { ["linear"] = 1, ["quadratic"] = 1, ["flat"] = 2 }, new Dictionary<string, string>(), 1);
        var large = new CatalogSizeResult(1_000_000, new Dictionary<string, double> { ["linear"] = 10, ["quadratic"] = 100, ["flat"] = 2 }, new Dictionary<string, string>(), 1);

        var growth = CatalogBenchmark.Growth(small, large);

        Assert.Equal((1.0, 2.0, 0.0), (growth["linear"], growth["quadratic"], growth["flat"]));
    }
}
