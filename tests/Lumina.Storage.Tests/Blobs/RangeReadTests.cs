using System.Net;
using Lumina.Storage.Blobs.Azure;

namespace Lumina.Storage.Tests.Blobs;

public sealed class RangeReadTests(AzuriteContainer azurite) : IClassFixture<AzuriteContainer>
{
    private static readonly byte[] Content = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7 % 251)).ToArray();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1000, 5000)]
    [InlineData(99_999, 1)]
    [InlineData(50_000, 50_000)]
    public async Task ARangeReadReturnsExactlyThoseBytes(int offset, int length)
    {
        var name = await UploadAsync();
        await using var stream = await azurite.Default.OpenReadAsync(name, new BlobRange(offset, length), Ct);
        var read = await ReadToEndAsync(stream);
        Assert.Equal(Content[offset..(offset + length)], read);
        Assert.Equal(length, stream.Length);
        Assert.Equal(Content.Length, stream.Properties.Size);
    }

    [Fact]
    public async Task ARangeWithoutLengthReadsToTheEnd()
    {
        var name = await UploadAsync();
        await using var stream = await azurite.Default.OpenReadAsync(name, new BlobRange(90_000), Ct);
        Assert.Equal(Content[90_000..], await ReadToEndAsync(stream));
    }

    [Fact]
    public async Task AWholeReadReportsTheBlobsProperties()
    {
        var name = await UploadAsync();
        await using var stream = await azurite.Default.OpenReadAsync(name, range: null, Ct);
        Assert.Equal(Content, await ReadToEndAsync(stream));
        Assert.Equal((Content.Length, "application/octet-stream"), (stream.Properties.Size, stream.Properties.ContentType));
    }

    [Fact]
    public async Task ARangeBeyondTheEndIsRefusedClearly()
    {
        var name = await UploadAsync();
        var error = await Assert.ThrowsAsync<BlobStorageException>(() => azurite.Default.OpenReadAsync(name, new BlobRange(200_000, 10), Ct));
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, error.Status);
        Assert.Equal("InvalidRange", error.ErrorCode);
        Assert.Contains($"the range asked for lies beyond the end of blob '{name}'", error.Message, StringComparison.Ordinal);
    }

    private async Task<string> UploadAsync()
    {
        var name = $"ranges/{Guid.NewGuid():N}.bin";
        await azurite.Default.UploadAsync(name, new MemoryStream(Content), "application/octet-stream", metadata: null, Ct);
        return name;
    }

    private static async Task<byte[]> ReadToEndAsync(Stream stream)
    {
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy, 4096, Ct);
        return copy.ToArray();
    }
}
