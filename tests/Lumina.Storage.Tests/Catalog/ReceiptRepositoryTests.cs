using Lumina.Storage.Catalog;
using Lumina.Testing;

namespace Lumina.Storage.Tests.Catalog;

/// <summary>Upload receipts: claims that expire until scheduled, retries that say when, poison that a newer version supersedes.</summary>
public sealed class ReceiptRepositoryTests : IAsyncLifetime
{
    private static readonly TimeSpan Held = TimeSpan.FromHours(1);
    private TestDatabase _database = null!;
    private ReceiptRepository _receipts = null!;
    private Guid _catalog;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("receipts", CatalogSchema.Scripts);
        _receipts = new ReceiptRepository(_database.Sql);
        _catalog = (await new CatalogRepository(_database.Sql).CreateAsync(Guid.NewGuid(), "uploads", SourceKind.Blob, "{}", "{}", Ct)).Id;
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task AClaimThatExpiresBeforeItsIngestIsScheduledIsClaimedAgainAndAScheduledOneIsNot()
    {
        Assert.Equal([("held.jpg", "1")], await _receipts.ClaimAsync(_catalog, [("held.jpg", "1"), ("held.jpg", "1")], Held, Ct));
        Assert.Equal([("lost.jpg", "1"), ("scheduled.jpg", "1")], await _receipts.ClaimAsync(_catalog, [("lost.jpg", "1"), ("scheduled.jpg", "1")], TimeSpan.Zero, Ct));
        await _receipts.ScheduledAsync(_catalog, [("scheduled.jpg", "1")], Ct);

        Assert.Equal([("lost.jpg", "1")], await _receipts.ExpiredAsync(_catalog, Ct));
        Assert.DoesNotContain(("lost.jpg", "1"), await _receipts.KnownAsync(_catalog, Ct));
        Assert.Contains(("held.jpg", "1"), await _receipts.KnownAsync(_catalog, Ct));
        Assert.Equal([("lost.jpg", "1")], await _receipts.ClaimAsync(_catalog, [("held.jpg", "1"), ("lost.jpg", "1"), ("scheduled.jpg", "1")], Held, Ct));
        Assert.Empty(await _receipts.ClaimAsync(_catalog, [("lost.jpg", "1")], Held, Ct));
        Assert.Equal(new Dictionary<string, long> { ["claimed"] = 2, ["processing"] = 1 }, await _receipts.CountsAsync(_catalog, Ct));
    }

    [Fact]
    public async Task AnIngestThatFinishedBeforeItsClaimWasMarkedScheduledStaysFinished()
    {
        await _receipts.ClaimAsync(_catalog, [("a.jpg", "1")], Held, Ct);
        await _receipts.RecordAsync(_catalog, "a.jpg", "1", "done", 1, null, null, Ct);

        await _receipts.ScheduledAsync(_catalog, [("a.jpg", "1")], Ct);

        Assert.Equal(new Dictionary<string, long> { ["done"] = 1 }, await _receipts.CountsAsync(_catalog, Ct));
    }

    [Fact]
    public async Task ARetriedUploadSaysWhenItIsTriedNextAndIsOverdueOnceThatIsLongPast()
    {
        var next = DateTimeOffset.UtcNow.AddSeconds(30);
        await _receipts.ClaimAsync(_catalog, [("a.jpg", "1"), ("b.jpg", "1")], Held, Ct);
        await _receipts.ScheduledAsync(_catalog, [("a.jpg", "1"), ("b.jpg", "1")], Ct);
        await _receipts.RecordAsync(_catalog, "a.jpg", "1", "retrying", 2, "not an image", next, Ct);
        await _receipts.RecordAsync(_catalog, "b.jpg", "1", "retrying", 1, "not an image", DateTimeOffset.UtcNow.AddMinutes(-20), Ct);

        var pending = await _receipts.PendingAsync(_catalog, TimeSpan.FromMinutes(10), Ct);

        var a = pending.Single(p => p.Name == "a.jpg");
        Assert.Equal(("retrying", "retrying", 2, "not an image"), (a.Status, a.State, a.Attempts, a.Error));
        Assert.InRange((a.NextTry!.Value - next).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
        Assert.Equal("overdue", pending.Single(p => p.Name == "b.jpg").State);
    }

    [Fact]
    public async Task ANewerVersionThatIsAnalyzedOrFailsForGoodSupersedesThePoisonRecordsOfItsBlob()
    {
        await _receipts.ClaimAsync(_catalog, [("a.jpg", "1"), ("other.jpg", "1")], Held, Ct);
        await _receipts.RecordAsync(_catalog, "a.jpg", "1", "poison", 5, "not an image", null, Ct);
        await _receipts.RecordAsync(_catalog, "other.jpg", "1", "poison", 5, "not an image", null, Ct);
        await _receipts.ClaimAsync(_catalog, [("a.jpg", "2"), ("a.jpg", "3")], Held, Ct);

        await _receipts.RecordAsync(_catalog, "a.jpg", "2", "superseded", 1, null, null, Ct);
        Assert.Equal(["a.jpg", "other.jpg"], (await _receipts.PoisonAsync(_catalog, Ct)).Select(p => p.Name).Order());

        await _receipts.RecordAsync(_catalog, "a.jpg", "3", "done", 1, null, null, Ct);
        Assert.Equal(["other.jpg"], (await _receipts.PoisonAsync(_catalog, Ct)).Select(p => p.Name));
        Assert.Equal(new Dictionary<string, long> { ["done"] = 1, ["poison"] = 1, ["superseded"] = 2 }, await _receipts.CountsAsync(_catalog, Ct));
    }
}
