using Lumina.Storage.Catalog;
using Lumina.Testing;

namespace Lumina.Storage.Tests.Catalog;

public sealed class CatalogSchemaTests
{
    [Fact]
    public void TheScriptsAreExactlyTheReleasedOnes()
    {
        Assert.Equal(["0001 catalog", "0002 catalog_wide", "0003 blob_trigger", "0004 catalog_deletion", "0005 raw_files", "0006 best_picks", "0007 settled_work", "0008 upload_receipts", "0009 job_lifecycle", "0010 review"], CatalogSchema.Scripts.Migrations.Select(m => $"{m.Version:D4} {m.Name}"));
        Assert.NotNull(CatalogSchema.Scripts.Functions);
    }

    [Fact]
    public async Task MigratingTwiceAndConcurrentlyAppliesEachVersionOnce()
    {
        await using var database = await TestDatabase.CreateAsync("schema");
        var migrator = new Lumina.Postgres.SchemaMigrator(database.DataSource, Microsoft.Extensions.Logging.Abstractions.NullLogger<Lumina.Postgres.SchemaMigrator>.Instance);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => migrator.MigrateAsync(CatalogSchema.Scripts, TestContext.Current.CancellationToken)));
        await migrator.MigrateAsync(CatalogSchema.Scripts, TestContext.Current.CancellationToken);

        Assert.Equal((long)CatalogSchema.Scripts.Migrations.Count, await database.ScalarAsync<long>("SELECT count(*) FROM public.lumina_schema_versions WHERE component = 'catalog'"));
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM lumina.images"));
    }
}
