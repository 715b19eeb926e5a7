using Lumina.Storage.Blobs.Azure;

namespace Lumina.Storage.Tests.Blobs;

public sealed class ListingTests(AzuriteContainer azurite) : IClassFixture<AzuriteContainer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListsThousandsOfBlobsAcrossPagesUnderAPrefix()
    {
        var wanted = Enumerable.Range(0, 2600).Select(i => $"many/{i:D5}.jpg").ToList();
        var others = Enumerable.Range(0, 40).Select(i => $"manx/{i:D5}.jpg").Append("many.jpg").Append("man/y.jpg");
        await Parallel.ForEachAsync(wanted.Concat(others), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (name, ct) =>
            await azurite.Default.UploadAsync(name, new MemoryStream([7]), "image/jpeg", metadata: null, ct));

        var container = azurite.With(new AzureBlobOptions { ListPageSize = 500 });
        var pages = await container.ListPagesAsync("many/", includeMetadata: false, Ct).ToListAsync(Ct);

        Assert.Equal([500, 500, 500, 500, 500, 100], pages.Select(p => p.Blobs.Count));
        Assert.All(pages[..^1], p => Assert.NotNull(p.NextMarker));
        Assert.Null(pages[^1].NextMarker);
        Assert.Equal(wanted, pages.SelectMany(p => p.Blobs).Select(b => b.Name));
        Assert.All(pages.SelectMany(p => p.Blobs), b => Assert.Equal(1, b.Size));
        Assert.Equal(2600, await container.ListAsync("many/", includeMetadata: false, Ct).CountAsync(Ct));
    }

    [Fact]
    public async Task AListingCarriesMetadataOnlyWhenAskedFor()
    {
        var name = $"meta/{Guid.NewGuid():N}.jpg";
        await azurite.Default.UploadAsync(name, new MemoryStream([1]), "image/jpeg", new Dictionary<string, string> { ["Camera"] = "X100V" }, Ct);

        var with = await azurite.Default.ListAsync(name, includeMetadata: true, Ct).SingleAsync(Ct);
        var without = await azurite.Default.ListAsync(name, includeMetadata: false, Ct).SingleAsync(Ct);

        Assert.Equal("X100V", with.Metadata["camera"]);
        Assert.Empty(without.Metadata);
        Assert.Equal("image/jpeg", with.ContentType);
        Assert.StartsWith("\"", with.ETag, StringComparison.Ordinal);
        Assert.Equal((await azurite.Default.GetPropertiesAsync(name, Ct))!.ETag, with.ETag);
    }

    [Fact]
    public async Task APrefixThatMatchesNothingGivesOneEmptyPage()
    {
        var pages = await azurite.Default.ListPagesAsync($"nothing-{Guid.NewGuid():N}/", includeMetadata: false, Ct).ToListAsync(Ct);
        var page = Assert.Single(pages);
        Assert.Empty(page.Blobs);
        Assert.Null(page.NextMarker);
    }
}
