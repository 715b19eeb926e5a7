using System.Text;
using Lumina.Storage.Blobs;

namespace Lumina.Storage.Tests.Blobs;

/// <summary>What every <see cref="IBlobStore"/> must do, run over each implementation.</summary>
public abstract class BlobStoreContract
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A store of its own for one test, empty.</summary>
    protected abstract Task<IBlobStore> CreateEmptyStoreAsync();

    [Fact]
    public async Task PutThenReadAllBytesReturnsTheSameBytes()
    {
        var store = await CreateEmptyStoreAsync();
        var content = RandomBytes(100_000);
        await store.PutAsync("photos/a.jpg", new MemoryStream(content), "image/jpeg", Ct);
        Assert.Equal(content, await store.ReadAllBytesAsync("photos/a.jpg", Ct));
    }

    [Fact]
    public async Task OpenReadStreamsTheContent()
    {
        var store = await CreateEmptyStoreAsync();
        var content = RandomBytes(300_000);
        await store.PutAsync("b.heic", new MemoryStream(content), "image/heic", Ct);
        await using var stream = await store.OpenReadAsync("b.heic", Ct);
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        Assert.Equal(content, copy.ToArray());
    }

    [Fact]
    public async Task AnEmptyBlobRoundTrips()
    {
        var store = await CreateEmptyStoreAsync();
        var info = await store.PutAsync("empty.txt", new MemoryStream(), "text/plain", Ct);
        Assert.Equal(0, info.Size);
        Assert.Empty(await store.ReadAllBytesAsync("empty.txt", Ct));
    }

    [Fact]
    public async Task PutReplacesAnExistingBlobAndChangesItsETag()
    {
        var store = await CreateEmptyStoreAsync();
        var first = await store.PutAsync("c.png", new MemoryStream("first"u8.ToArray()), "image/png", Ct);
        var second = await store.PutAsync("c.png", new MemoryStream("second, longer"u8.ToArray()), "image/png", Ct);
        Assert.Equal("second, longer"u8.ToArray(), await store.ReadAllBytesAsync("c.png", Ct));
        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal(14, second.Size);
    }

    [Fact]
    public async Task PutReturnsTheInfoThatGetPropertiesReports()
    {
        var store = await CreateEmptyStoreAsync();
        var before = DateTimeOffset.UtcNow.AddMinutes(-5);
        var put = await store.PutAsync("d/e.webp", new MemoryStream(RandomBytes(1234)), "image/webp", Ct);
        var properties = await store.GetPropertiesAsync("d/e.webp", Ct);
        Assert.Equal(put, properties);
        Assert.Equal(new BlobInfo("d/e.webp", 1234, put.LastModified, put.ETag), put);
        Assert.InRange(put.LastModified, before, DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.NotEmpty(put.ETag);
    }

    [Fact]
    public async Task GetPropertiesOfAMissingBlobIsNull()
    {
        var store = await CreateEmptyStoreAsync();
        Assert.Null(await store.GetPropertiesAsync("missing.jpg", Ct));
    }

    [Fact]
    public async Task ReadAllBytesOfAMissingBlobThrowsBlobNotFound()
    {
        var store = await CreateEmptyStoreAsync();
        var error = await Assert.ThrowsAsync<BlobNotFoundException>(() => store.ReadAllBytesAsync("nope/missing.jpg", Ct));
        Assert.Equal("nope/missing.jpg", error.Name);
        Assert.Contains(store.Location, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenReadOfAMissingBlobThrowsBlobNotFound()
    {
        var store = await CreateEmptyStoreAsync();
        var error = await Assert.ThrowsAsync<BlobNotFoundException>(() => store.OpenReadAsync("missing.jpg", Ct));
        Assert.Equal("missing.jpg", error.Name);
    }

    [Fact]
    public async Task ListReturnsOnlyNamesUnderThePrefixInNameOrder()
    {
        var store = await CreateEmptyStoreAsync();
        string[] names = ["2024/b.jpg", "2024/a.jpg", "2024/sub/c.jpg", "2023/z.jpg", "2024-notes.txt", "other.jpg"];
        foreach (var name in names)
        {
            await store.PutAsync(name, new MemoryStream(Encoding.UTF8.GetBytes(name)), "image/jpeg", Ct);
        }

        var listed = await store.ListAsync("2024/", Ct).ToListAsync(Ct);
        Assert.Equal(["2024/a.jpg", "2024/b.jpg", "2024/sub/c.jpg"], listed.Select(b => b.Name));
        Assert.Equal(Encoding.UTF8.GetByteCount("2024/sub/c.jpg"), listed[2].Size);
    }

    [Fact]
    public async Task ListWithAnEmptyPrefixReturnsEveryBlob()
    {
        var store = await CreateEmptyStoreAsync();
        await store.PutAsync("x/1.jpg", new MemoryStream(RandomBytes(10)), "image/jpeg", Ct);
        await store.PutAsync("y.jpg", new MemoryStream(RandomBytes(20)), "image/jpeg", Ct);
        var listed = await store.ListAsync("", Ct).ToListAsync(Ct);
        Assert.Equal([("x/1.jpg", 10L), ("y.jpg", 20L)], listed.Select(b => (b.Name, b.Size)));
    }

    [Fact]
    public async Task DeleteReturnsTrueOnceThenFalse()
    {
        var store = await CreateEmptyStoreAsync();
        await store.PutAsync("gone.jpg", new MemoryStream(RandomBytes(10)), "image/jpeg", Ct);
        Assert.True(await store.DeleteAsync("gone.jpg", Ct));
        Assert.False(await store.DeleteAsync("gone.jpg", Ct));
        Assert.Null(await store.GetPropertiesAsync("gone.jpg", Ct));
    }

    [Fact]
    public async Task NamesWithSpacesUnicodeAndPunctuationRoundTrip()
    {
        var store = await CreateEmptyStoreAsync();
        string[] names = ["with space.jpg", "ünïcødé/日本語 写真.jpg", "hash#tag.jpg", "question?.jpg", "percent%41.jpg", "plus+sign.jpg", "semi;comma,eq=amp&.jpg"];
        foreach (var name in names)
        {
            await store.PutAsync(name, new MemoryStream(Encoding.UTF8.GetBytes(name)), "image/jpeg", Ct);
        }

        foreach (var name in names)
        {
            Assert.Equal(Encoding.UTF8.GetBytes(name), await store.ReadAllBytesAsync(name, Ct));
        }

        var listed = await store.ListAsync("", Ct).Select(b => b.Name).ToListAsync(Ct);
        Assert.Equal(names.Order(StringComparer.Ordinal), listed);
    }

    protected static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
