using System.Net;
using System.Text.Json;
using Lumina.Testing;

namespace Lumina.Functions.Tests;

/// <summary>The library routes over real HTTP: pages newest first by cursor, every filter, the filters' choices, an image with similar ones, and cached thumbnails.</summary>
public sealed class LibraryApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PagesListEveryPresentImageOnceNewestFirstAndEveryFilterNarrowsThem()
    {
        await using var s = await ReviewScenario.StartAsync();

        var first = await s.GetAsync($"{s.Api}/images?limit=3");
        var all = await s.LibraryAsync();

        Assert.Equal(["2020/old.jpg", "burst_0.jpg", "burst_0_copy.png", "burst_1.jpg", "burst_2.jpg", "notes.jpg", "other.jpg"], all.Keys.Order());
        Assert.Equal(3, first.GetProperty("items").GetArrayLength());
        Assert.NotNull(first.GetProperty("next").GetString());
        var dated = all.Values.Select(i => i.GetProperty("taken_at").GetString()).Where(t => t is not null).ToList();
        Assert.Equal(dated.OrderDescending(StringComparer.Ordinal), dated);
        var order = all.Keys.ToList();
        Assert.True(order.IndexOf("other.jpg") < order.IndexOf("burst_2.jpg"), "12:00:01 comes before 12:00:00.8");
        Assert.True(order.IndexOf("burst_2.jpg") < order.IndexOf("burst_1.jpg") && order.IndexOf("burst_1.jpg") < order.IndexOf("2020/old.jpg"));
        var burst1 = all["burst_1.jpg"];
        Assert.Equal("2024-06-01T12:00:00.400", burst1.GetProperty("taken_at").GetString());
        Assert.Equal("Lumina Burst Cam", burst1.GetProperty("camera").GetString());
        Assert.True(burst1.GetProperty("has_gps").GetBoolean());
        Assert.Equal("jpeg", burst1.GetProperty("format").GetString());
        Assert.Equal((640, 480), (burst1.GetProperty("width").GetInt32(), burst1.GetProperty("height").GetInt32()));
        Assert.Matches($"^/api/catalogs/{s.CatalogId}/images/\\d+/thumbnail\\?v=[0-9a-f]{{64}}-1$", burst1.GetProperty("thumbnail").GetString());
        Assert.NotEqual(JsonValueKind.Null, burst1.GetProperty("burst_id").ValueKind);
        Assert.Contains("not an image", all["notes.jpg"].GetProperty("error").GetString());

        Assert.Equal(["burst_0.jpg", "burst_0_copy.png", "burst_1.jpg", "burst_2.jpg"], (await s.LibraryAsync("&camera=Lumina%20Burst%20Cam")).Keys.Order());
        Assert.Equal(["2020/old.jpg", "other.jpg"], (await s.LibraryAsync("&camera=Lumina%20Other%20Cam")).Keys.Order());
        Assert.DoesNotContain("other.jpg", (await s.LibraryAsync("&gps=yes")).Keys);
        Assert.Contains("burst_1.jpg", (await s.LibraryAsync("&gps=yes")).Keys);
        Assert.DoesNotContain("burst_1.jpg", (await s.LibraryAsync("&gps=no")).Keys);
        Assert.Equal(["burst_0_copy.png"], (await s.LibraryAsync("&format=png")).Keys);
        Assert.Empty(await s.LibraryAsync("&format=raw"));
        Assert.Equal(["notes.jpg"], (await s.LibraryAsync("&failed=yes")).Keys);
        Assert.Equal(["burst_0.jpg", "burst_0_copy.png"], (await s.LibraryAsync("&duplicate=yes")).Keys.Order());
        Assert.Equal(["burst_0.jpg", "burst_1.jpg", "burst_2.jpg"], (await s.LibraryAsync("&burst=yes")).Keys.Order());
        Assert.Equal(["2020/old.jpg"], (await s.LibraryAsync("&from=2019-12-01&to=2020-01-02")).Keys);
        Assert.Empty(await s.LibraryAsync("&to=2020-01-01"));
        Assert.Equal(["burst_2.jpg", "other.jpg"], (await s.LibraryAsync("&from=2024-06-01T12:00:00.5&to=2024-06-01T12:00:01")).Keys.Order());

        var imageId = await s.Host.Database.ScalarAsync<long>("SELECT id FROM lumina.images WHERE path = 'other.jpg'");
        await s.Host.Database.ScalarAsync<int>("INSERT INTO lumina.tags (image_id, tag, source) VALUES ($1, 'harbour', 'manual') RETURNING 1", imageId);
        Assert.Equal(["other.jpg"], (await s.LibraryAsync("&tag=harbour")).Keys);
        Assert.Empty(await s.LibraryAsync("&tag=forest"));
    }

    [Fact]
    public async Task BadQueriesAreRefusedNamingTheParameter()
    {
        await using var s = await ReviewScenario.StartAsync();

        await HttpAssert.Error(await s.Client.GetAsync($"{s.Api}/images?cursor=nonsense", Ct), HttpStatusCode.BadRequest, "cursor is not one this route gave");
        await HttpAssert.Error(await s.Client.GetAsync($"{s.Api}/images?limit=0", Ct), HttpStatusCode.BadRequest, "limit must be a whole number from 1 to 500");
        await HttpAssert.Error(await s.Client.GetAsync($"{s.Api}/images?gps=maybe", Ct), HttpStatusCode.BadRequest, "gps must be yes or no (got 'maybe')");
        await HttpAssert.Error(await s.Client.GetAsync($"{s.Api}/images?from=yesterday", Ct), HttpStatusCode.BadRequest, "from must be a day (yyyy-MM-dd)");
        await HttpAssert.Error(await s.Client.GetAsync($"{s.Api}/images?format=jp%27eg", Ct), HttpStatusCode.BadRequest, "format must be a format name");
        await HttpAssert.Error(await s.Client.GetAsync("/api/catalogs/nope/images", Ct), HttpStatusCode.NotFound, "no catalog 'nope'");
        await HttpAssert.Error(await s.Client.GetAsync($"{s.Api}/images/abc", Ct), HttpStatusCode.BadRequest, "the image id must be a whole number");
        await HttpAssert.Error(await s.Client.GetAsync($"{s.Api}/images/999999", Ct), HttpStatusCode.NotFound, "has no image 999999");
    }

    [Fact]
    public async Task CamerasAndFormatsAreTheFiltersChoicesWithCounts()
    {
        await using var s = await ReviewScenario.StartAsync();

        var cameras = (await s.GetAsync($"{s.Api}/cameras")).EnumerateArray().Select(c => (c.GetProperty("camera").GetString(), c.GetProperty("count").GetInt64()));
        var formats = (await s.GetAsync($"{s.Api}/formats")).EnumerateArray().Select(c => (c.GetProperty("format").GetString(), c.GetProperty("count").GetInt64()));

        Assert.Equal([("Lumina Burst Cam", 4L), ("Lumina Other Cam", 2L)], cameras.Where(c => c.Item1!.StartsWith("Lumina", StringComparison.Ordinal)));
        Assert.Equal([("jpeg", 5L), ("png", 1L)], formats);
    }

    [Fact]
    public async Task AnImageCarriesItsIdLinksAndTheImagesNearestByDhash()
    {
        await using var s = await ReviewScenario.StartAsync();
        var all = await s.LibraryAsync();
        var id = all["burst_0.jpg"].GetProperty("id").GetInt64();

        var image = await s.GetAsync($"{s.Api}/images/{id}");

        Assert.Equal(id, image.GetProperty("id").GetInt64());
        Assert.Equal("burst_0.jpg", image.GetProperty("path").GetString());
        Assert.Equal("Burst Cam", image.GetProperty("model").GetString());
        Assert.Matches("^[0-9a-f]{16}$", image.GetProperty("dhash").GetString());
        Assert.Equal(JsonValueKind.Object, image.GetProperty("quality").ValueKind);
        Assert.Equal(JsonValueKind.Number, image.GetProperty("duplicate_group").ValueKind);
        Assert.Equal(JsonValueKind.Number, image.GetProperty("burst_id").ValueKind);
        Assert.Equal(all["burst_0.jpg"].GetProperty("thumbnail").GetString(), image.GetProperty("thumbnail_url").GetString());
        Assert.EndsWith("/preview", image.GetProperty("preview_url").GetString()!.Split('?')[0]);
        var similar = image.GetProperty("similar");
        Assert.Equal("dhash", similar.GetProperty("by").GetString());
        var nearest = similar.GetProperty("items")[0];
        Assert.Equal("burst_0_copy.png", nearest.GetProperty("path").GetString());
        Assert.Equal(0, nearest.GetProperty("distance").GetDouble());
        Assert.All(similar.GetProperty("items").EnumerateArray(), i => Assert.InRange(i.GetProperty("distance").GetDouble(), 0, 16));
    }

    [Fact]
    public async Task ThumbnailsAndPreviewsRevalidateByETagAndAreImmutableByVersion()
    {
        await using var s = await ReviewScenario.StartAsync();
        var link = (await s.LibraryAsync())["other.jpg"].GetProperty("thumbnail").GetString()!;

        var versioned = await s.Client.GetAsync(link, Ct);
        var plain = await s.Client.GetAsync(link.Split('?')[0], Ct);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, link.Split('?')[0]);
        conditional.Headers.IfNoneMatch.Add(versioned.Headers.ETag!);
        var notModified = await s.Client.SendAsync(conditional, Ct);
        using var stale = new HttpRequestMessage(HttpMethod.Get, link.Split('?')[0]);
        stale.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"something-else\""));
        var changed = await s.Client.SendAsync(stale, Ct);
        var preview = await s.Client.GetAsync(link.Replace("/thumbnail?", "/preview?", StringComparison.Ordinal), Ct);

        Assert.Equal(HttpStatusCode.OK, versioned.StatusCode);
        Assert.Equal("image/webp", versioned.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"\"{link.Split("?v=")[1]}\"", versioned.Headers.ETag!.Tag);
        Assert.True(versioned.Headers.CacheControl!.Private);
        Assert.Equal(TimeSpan.FromDays(365), versioned.Headers.CacheControl.MaxAge);
        Assert.Contains(versioned.Headers.CacheControl.Extensions, e => e.Name == "immutable");
        Assert.True(plain.Headers.CacheControl!.NoCache);
        Assert.Equal(versioned.Headers.ETag, plain.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("image/jpeg", preview.Content.Headers.ContentType!.MediaType);
        Assert.Contains(preview.Headers.CacheControl!.Extensions, e => e.Name == "immutable");
    }
}
