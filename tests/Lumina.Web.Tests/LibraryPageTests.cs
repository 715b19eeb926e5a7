using Lumina.Functions.Tests;
using Lumina.Testing;
using Microsoft.Playwright;

namespace Lumina.Web.Tests;

/// <summary>The catalogs page, the library grid (pages, filters) and the image page, in Chromium over a real host.</summary>
public sealed class LibraryPageTests(Browser browser) : IClassFixture<Browser>
{
    private static string Url(WebTestHost host, string path) => new Uri(host.Client.BaseAddress!, path).ToString();

    /// <summary>Six photos a day apart (p0 oldest), the last two from a second camera with GPS.</summary>
    private static TestCatalog SixDays(string name)
    {
        var photos = TestCatalog.Folder(name);
        for (var i = 0; i < 6; i++)
        {
            var file = $"p{i}.jpg";
            photos.Photo(file, 20 + i, new DateTime(2024, 6, 1 + i, 12, 0, 0), i < 4 ? "Lumina Tester" : "Other Body");
            if (i >= 4)
            {
                TestImages.Tag(photos.PathOf(file), ("GPSLatitude", "43.2965"), ("GPSLatitudeRef", "N"), ("GPSLongitude", "5.3698"), ("GPSLongitudeRef", "E"));
            }
        }

        return photos;
    }

    private static async Task<IReadOnlyList<string>> TileNamesAsync(IPage page) =>
        await page.Locator("#grid .tile .cap").AllTextContentsAsync();

    private static async Task AssertThumbnailsLoadedAsync(IPage page, int count)
    {
        await Assertions.Expect(page.Locator("#grid .tile img")).ToHaveCountAsync(count);
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#grid .tile img')].every(i => i.complete && i.naturalWidth > 0)");
    }

    [Fact]
    public async Task TheRootShowsTheCatalogsAndACatalogShowsItsThumbnailsNewestFirst()
    {
        using var photos = SixDays("holiday");
        await using var host = await WebTestHost.StartAsync();
        await photos.CreateAsync(host);
        var page = await browser.NewPageAsync();

        await page.GotoAsync(Url(host, "/"));
        var card = page.GetByRole(AriaRole.Region, new() { Name = "Catalog holiday" });
        await Assertions.Expect(card.GetByRole(AriaRole.Heading)).ToHaveTextAsync("holiday");
        await Assertions.Expect(card.Locator(".stat").First).ToHaveTextAsync("6images");
        await Assertions.Expect(card.GetByRole(AriaRole.Meter, new() { Name = "thumbnails coverage" })).ToHaveAttributeAsync("aria-valuenow", "100");
        await Assertions.Expect(card.Locator(".thumbs img")).ToHaveCountAsync(6);
        await page.SaveAsync("catalogs");

        await card.GetByRole(AriaRole.Link, new() { Name = "holiday" }).ClickAsync();
        await AssertThumbnailsLoadedAsync(page, 6);
        Assert.Equal(["p5.jpg", "p4.jpg", "p3.jpg", "p2.jpg", "p1.jpg", "p0.jpg"], await TileNamesAsync(page));
        await page.SaveAsync("library");
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to the light theme" }).ClickAsync();
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "light");
        await AssertThumbnailsLoadedAsync(page, 6);
        await page.SaveAsync("library-light");

        var phone = await browser.NewPageAsync(390, 844, phone: true);
        await phone.GotoAsync(Url(host, $"/catalogs/{photos.Id}"));
        await AssertThumbnailsLoadedAsync(phone, 6);
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the library page scrolls sideways on a phone");
        await phone.SaveAsync("library-phone");
        await phone.GotoAsync(Url(host, "/"));
        await Assertions.Expect(phone.Locator(".card .thumbs img")).ToHaveCountAsync(6);
        await phone.SaveAsync("catalogs-phone");
    }

    [Fact]
    public async Task TheGridPagesFurtherAndFiltersNarrowIt()
    {
        using var photos = SixDays("pages");
        await using var host = await WebTestHost.StartAsync();
        await photos.CreateAsync(host);
        var page = await browser.NewPageAsync();

        await page.GotoAsync(Url(host, $"/catalogs/{photos.Id}?limit=4"));
        await AssertThumbnailsLoadedAsync(page, 4);
        Assert.Equal(["p5.jpg", "p4.jpg", "p3.jpg", "p2.jpg"], await TileNamesAsync(page));
        await page.GetByRole(AriaRole.Link, new() { Name = "Older ›" }).ClickAsync();
        await AssertThumbnailsLoadedAsync(page, 2);
        Assert.Equal(["p1.jpg", "p0.jpg"], await TileNamesAsync(page));
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Older ›" })).ToHaveCountAsync(0);
        await page.SaveAsync("library-second-page");

        await page.GotoAsync(Url(host, $"/catalogs/{photos.Id}"));
        await page.GetByLabel("Camera").SelectOptionAsync(new SelectOptionValue { Label = "Other Body (2)" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await AssertThumbnailsLoadedAsync(page, 2);
        Assert.Equal(["p5.jpg", "p4.jpg"], await TileNamesAsync(page));
        Assert.Contains("camera=Other+Body", page.Url);
        await page.SaveAsync("library-filter-camera");

        await page.GotoAsync(Url(host, $"/catalogs/{photos.Id}"));
        await page.GetByLabel("GPS").SelectOptionAsync("no");
        await page.GetByLabel("Taken from").FillAsync("2024-06-02");
        await page.GetByLabel("Taken until").FillAsync("2024-06-03");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await AssertThumbnailsLoadedAsync(page, 2);
        Assert.Equal(["p2.jpg", "p1.jpg"], await TileNamesAsync(page));
        await page.ReloadAsync();
        await AssertThumbnailsLoadedAsync(page, 2);
        Assert.Equal("no", await page.GetByLabel("GPS").InputValueAsync());

        await page.GotoAsync(Url(host, $"/catalogs/{photos.Id}?failed=yes"));
        await Assertions.Expect(page.Locator(".empty")).ToHaveTextAsync("No image matches these filters.");
    }

    [Fact]
    public async Task TheImagePageShowsThePreviewExifHashesQualityAndSimilarImages()
    {
        using var photos = TestCatalog.Folder("detail");
        photos.Photo("original.jpg", 7, new DateTime(2024, 8, 1, 18, 30, 0), width: 1200, height: 900);
        photos.Photo("smaller.jpg", 7, new DateTime(2024, 8, 1, 18, 30, 0), width: 600, height: 450, options: "[Q=60]");
        photos.Photo("other.jpg", 99, new DateTime(2024, 8, 2, 9, 0, 0));
        await using var host = await WebTestHost.StartAsync();
        await photos.CreateAsync(host);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Url(host, $"/catalogs/{photos.Id}"));

        await page.GetByRole(AriaRole.Listitem, new() { Name = "original.jpg, 2024-08-01 18:30:00" }).ClickAsync();

        var preview = page.GetByRole(AriaRole.Img, new() { Name = "Preview of original.jpg" });
        await Assertions.Expect(preview).ToBeVisibleAsync();
        Assert.True(await preview.EvaluateAsync<bool>("i => i.complete && i.naturalWidth === 1200"));
        var facts = page.Locator("dl.kv");
        await Assertions.Expect(facts.Locator("dt:text-is('Camera') + dd")).ToHaveTextAsync("Lumina Tester");
        await Assertions.Expect(facts.Locator("dt:text-is('Size') + dd")).ToHaveTextAsync("1200 × 900");
        await Assertions.Expect(facts.Locator("dt:text-is('dHash') + dd")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9a-f]{16}$"));
        await Assertions.Expect(facts.Locator("dt:text-is('Score') + dd")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d$"));
        await Assertions.Expect(facts.Locator("dt:text-is('Duplicate group') + dd")).ToContainTextAsync("suggested keeper");
        var similar = page.GetByRole(AriaRole.List, new() { Name = "Similar images" });
        await Assertions.Expect(similar.GetByRole(AriaRole.Listitem).First).ToHaveAttributeAsync("aria-label", "smaller.jpg");
        await page.SaveAsync("image");
    }
}
