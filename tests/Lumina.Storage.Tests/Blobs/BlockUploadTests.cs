using System.Net;
using System.Security.Cryptography;
using Lumina.Storage.Blobs.Azure;

namespace Lumina.Storage.Tests.Blobs;

public sealed class BlockUploadTests(AzuriteContainer azurite) : IClassFixture<AzuriteContainer>
{
    private const int KiB = 1024;
    private const int MiB = 1024 * KiB;

    private static readonly AzureBlobOptions SmallBlocks = ThroughProxy.QuickRetries with
    {
        SingleUploadLimit = 2 * MiB,
        BlockSize = 1 * MiB,
        MaxParallelBlocks = 4,
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ALargeUploadGoesInBlocksFromAForwardOnlyStreamAndReadsBackByteIdentical()
    {
        await using var through = await ThroughProxy.StartAsync();
        var content = RandomBytes(20 * MiB);
        var name = $"large/{Guid.NewGuid():N}.tif";

        var put = await through.Container(azurite.Name, SmallBlocks).UploadAsync(name, new ForwardOnlyStream(content), "image/tiff", metadata: null, Ct);

        Assert.Equal(20, through.Count("PUT", "comp=block&"));
        Assert.Equal(1, through.Count("PUT", "comp=blocklist"));
        Assert.Equal(21, through.Proxy.Requests.Count);
        Assert.Equal(SHA256.HashData(content), await HashOfAsync(name));
        var properties = await azurite.Default.GetPropertiesAsync(name, Ct);
        Assert.Equal((20L * MiB, "image/tiff", put.ETag), (properties!.Size, properties.ContentType, properties.ETag));
    }

    // A stream of known length below SingleUploadLimit goes in one Put Blob. The SDK cannot know a forward-only stream's
    // length, so it sends any non-empty one as blocks.
    [Theory]
    [InlineData(2 * MiB - 1, true, 0)]
    [InlineData(2 * MiB, true, 2)]
    [InlineData(2 * MiB + 1, true, 3)]
    [InlineData(MiB - 1, false, 1)]
    [InlineData(2 * MiB - 1, false, 2)]
    [InlineData(3 * MiB, false, 3)]
    [InlineData(0, false, 0)]
    public async Task BelowTheLimitIsOnePutBlobAndFromItBlocks(int size, bool seekable, int blocks)
    {
        await using var through = await ThroughProxy.StartAsync();
        var content = RandomBytes(size);
        var name = $"sizes/{Guid.NewGuid():N}.jpg";

        var put = await through.Container(azurite.Name, SmallBlocks).UploadAsync(
            name, seekable ? new MemoryStream(content) : new ForwardOnlyStream(content), "image/jpeg", metadata: null, Ct);

        Assert.Equal(blocks, through.Count("PUT", "comp=block&"));
        Assert.Equal(blocks == 0 ? 1 : blocks + 1, through.Proxy.Requests.Count);
        Assert.Equal(size, put.Size);
        Assert.Equal(SHA256.HashData(content), await HashOfAsync(name));
    }

    [Fact]
    public async Task ABlockUploadSurvivesInjected503s()
    {
        await using var through = await ThroughProxy.StartAsync();
        var content = RandomBytes(6 * MiB);
        var name = $"flaky/{Guid.NewGuid():N}.jpg";
        through.Proxy.FailNext(3, HttpStatusCode.ServiceUnavailable);

        await through.Container(azurite.Name, SmallBlocks).UploadAsync(name, new MemoryStream(content), "image/jpeg", metadata: null, Ct);

        Assert.Equal(6 + 3, through.Count("PUT", "comp=block&"));
        Assert.Equal(SHA256.HashData(content), await HashOfAsync(name));
    }

    [Fact]
    public async Task ReadersSeeTheOldBlobUntilTheBlockListIsCommitted()
    {
        var name = $"atomic/{Guid.NewGuid():N}.jpg";
        await azurite.Default.UploadAsync(name, new MemoryStream("old"u8.ToArray()), "image/jpeg", metadata: null, Ct);
        var content = RandomBytes(5 * MiB);
        var source = new PausingStream(content, pauseAt: 4 * MiB);

        var upload = azurite.With(SmallBlocks).UploadAsync(name, source, "image/jpeg", metadata: null, Ct);
        await source.Paused.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await Task.Delay(200, Ct);
        var during = await ReadAllAsync(name);
        source.Resume();
        await upload;

        Assert.Equal("old"u8.ToArray(), during);
        Assert.Equal(SHA256.HashData(content), await HashOfAsync(name));
    }

    [Fact]
    public async Task CancellingABlockUploadStopsItAndLeavesTheOldBlob()
    {
        var name = $"cancel/{Guid.NewGuid():N}.jpg";
        await azurite.Default.UploadAsync(name, new MemoryStream("old"u8.ToArray()), "image/jpeg", metadata: null, Ct);
        var source = new PausingStream(RandomBytes(5 * MiB), pauseAt: 3 * MiB);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var upload = azurite.With(SmallBlocks).UploadAsync(name, source, "image/jpeg", metadata: null, cancel.Token);
        await source.Paused.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload);
        Assert.Equal("old"u8.ToArray(), await ReadAllAsync(name));
    }

    [Fact]
    public async Task MetadataAndContentTypeAreSetByTheBlockList()
    {
        var name = $"blockmeta/{Guid.NewGuid():N}.heic";
        var metadata = new Dictionary<string, string> { ["receipt"] = "r-42" };
        await azurite.With(SmallBlocks).UploadAsync(name, new MemoryStream(RandomBytes(3 * MiB)), "image/heic", metadata, Ct);
        var properties = await azurite.Default.GetPropertiesAsync(name, Ct);
        Assert.Equal(("image/heic", "r-42"), (properties!.ContentType, properties.Metadata["receipt"]));
    }

    private async Task<byte[]> HashOfAsync(string name)
    {
        await using var stream = await azurite.Default.OpenReadAsync(name, range: null, Ct);
        return await SHA256.HashDataAsync(stream, Ct);
    }

    private async Task<byte[]> ReadAllAsync(string name)
    {
        await using var stream = await azurite.Default.OpenReadAsync(name, range: null, Ct);
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
