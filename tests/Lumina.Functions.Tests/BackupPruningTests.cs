using Lumina.Functions.Catalogs;
using Lumina.Functions.Configuration;
using Lumina.Functions.Import;
using Lumina.Storage.Blobs.Azure;
using Lumina.Storage.Catalog;
using Lumina.Testing;
using Microsoft.Extensions.Configuration;

namespace Lumina.Functions.Tests;

/// <summary>Backups are pruned by LUMINA_BACKUP_KEEP after each new one: the newest N and every one of the last D days stay.</summary>
public sealed class BackupPruningTests
{
    private static readonly DateTime Now = new(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void ThePolicyKeepsTheNewestAndEveryRecentBackup()
    {
        var backups = Enumerable.Range(0, 15).Select(i => ($"b{i:D2}", Now.AddDays(-i))).ToList();

        Assert.Equal(["b14", "b13", "b12", "b11", "b10"], BackupRetention.Default.Prunable(backups, Now));
        // A backup exactly D days old is still one of the last D days.
        Assert.Equal(["b14", "b13"], new BackupRetention(3, 12).Prunable(backups, Now));
        Assert.Empty(new BackupRetention(20, 0).Prunable(backups, Now));
        Assert.Equal(14, new BackupRetention(1, 0).Prunable(backups, Now).Count);
    }

    [Theory]
    [InlineData("10,7d", 10, 7)]
    [InlineData(" 3,0d ", 3, 0)]
    public void TheSettingIsReadAsNewestCommaDays(string text, int newest, int days) =>
        Assert.Equal(new BackupRetention(newest, days), LuminaSettings.Load(Settings(text)).BackupKeep);

    [Theory]
    [InlineData("10")]
    [InlineData("0,7d")]
    [InlineData("10,7")]
    [InlineData("ten,7d")]
    public void ABadSettingNamesItselfAndTheExpectedForm(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => LuminaSettings.Load(Settings(text)));
        Assert.StartsWith($"LUMINA_BACKUP_KEEP='{text}' is not valid: expected <newest>,<days>d such as 10,7d", error.Message);
    }

    [Fact]
    public void WithoutTheSettingTenAndSevenDaysAreKept() =>
        Assert.Equal(new BackupRetention(10, 7), LuminaSettings.Load(new ConfigurationBuilder().Build()).BackupKeep);

    [Fact]
    public async Task ANewBackupPrunesOldOnesButNeverItselfOrOtherFiles()
    {
        using var folder = new PhotoFolder();
        await using var host = await LuminaTestHost.StartAsync(s => s with { BackupKeep = new BackupRetention(3, 7) });
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, "pruned", Ct);
        var backups = host.Get<CatalogBackups>();
        var first = await backups.BackupAsync(catalog, "manual", null, Ct);
        var directory = Path.GetDirectoryName(first.Path)!;
        var old = Enumerable.Range(1, 5).Select(i => Path.Combine(directory, $"2020010{i}-120000-000-before-detect-bursts.zip")).ToList();
        old.ForEach(path => File.Copy(first.Path, path));
        var mine = Path.Combine(directory, "keep-me.zip");
        File.Copy(first.Path, mine);

        var newest = await backups.BackupAsync(catalog, "manual", null, Ct);

        var left = Directory.GetFiles(directory).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(
            new[] { Path.GetFileName(first.Path), Path.GetFileName(newest.Path), Path.GetFileName(old[4]), "keep-me.zip" }.Order(),
            left);
        var listed = await backups.ListAsync(catalog, Ct);
        Assert.Equal([Path.GetFileName(newest.Path), Path.GetFileName(first.Path), Path.GetFileName(old[4])], listed.Select(b => b.Name));
        Assert.Equal("manual", listed[0].Reason);

        old.Take(4).ToList().ForEach(path => File.Copy(first.Path, path));
        var pruned = await host.Get<CatalogBackups>().PruneAsync(catalog, [], Ct);
        Assert.Equal(old.Take(4).Select(Path.GetFileName), pruned.Select(b => b.Name));
    }

    [Fact]
    public async Task ARestoreOfAnOldBackupDoesNotPruneTheFileItRestores()
    {
        using var folder = new PhotoFolder();
        await using var host = await LuminaTestHost.StartAsync(s => s with { BackupKeep = new BackupRetention(1, 0) });
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, "restored", Ct);
        var backups = host.Get<CatalogBackups>();
        var taken = await backups.BackupAsync(catalog, "manual", null, Ct);
        var old = Path.Combine(Path.GetDirectoryName(taken.Path)!, "20200101-120000-000-manual.zip");
        File.Move(taken.Path, old);

        var safety = await backups.RestoreAsync("restored", old, Ct);

        Assert.True(File.Exists(old));
        Assert.True(File.Exists(safety!.Path));
    }

    [Fact]
    public async Task ABlobCatalogsCopiesInItsDerivedContainerFollowThePolicy()
    {
        var connection = await TestAzurite.ConnectionStringAsync();
        var container = TestAzurite.UniqueContainerName("prune");
        await AzureBlobStore.Create(connection, container).Container.CreateIfNotExistsAsync(Ct);
        await using var host = await LuminaTestHost.StartAsync(
            s => s with { BackupKeep = new BackupRetention(2, 0) }, new Dictionary<string, string?> { ["PhotoStorage"] = connection });
        var catalog = await host.Get<CatalogService>().CreateBlobCatalogAsync("cloudy", new BlobLocation("PhotoStorage", container, ""), null, Ct);
        var derived = AzureBlobStore.Create(connection, container + "-derived", $"{catalog.Id}/");
        var backups = host.Get<CatalogBackups>();
        var first = await backups.BackupAsync(catalog, "manual", null, Ct);
        foreach (var day in new[] { 1, 2, 3 })
        {
            await using var content = File.OpenRead(first.Path);
            await derived.PutAsync($"{CatalogBackups.BlobFolder}2020010{day}-120000-000-before-restore.zip", content, "application/zip", Ct);
        }

        var second = await backups.BackupAsync(catalog, "manual", null, Ct);

        var copies = await derived.ListAsync(CatalogBackups.BlobFolder, Ct).Select(b => b.Name[CatalogBackups.BlobFolder.Length..]).ToListAsync(Ct);
        Assert.Equal(new[] { Path.GetFileName(first.Path), Path.GetFileName(second.Path) }.Order(), copies.Order());
        Assert.All(await backups.ListAsync(catalog, Ct), b => Assert.NotNull(b.Copy));
    }

    private static IConfiguration Settings(string keep) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["LUMINA_BACKUP_KEEP"] = keep }).Build();
}
