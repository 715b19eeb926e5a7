using Lumina.Functions.Tests;
using Lumina.Testing;
using Lumina.Testing.OnnxModels;
using Microsoft.Playwright;

namespace Lumina.Web.Tests;

/// <summary>The search page with a CLIP model (the tests' tiny model) and without one.</summary>
public sealed class SearchPageTests(Browser browser) : IClassFixture<Browser>, IDisposable
{
    private readonly string _models = Path.Combine(Path.GetTempPath(), $"lumina-web-models-{Guid.NewGuid():N}");

    private static string Url(WebTestHost host, string path) => new Uri(host.Client.BaseAddress!, path).ToString();

    [Fact]
    public async Task WordsFindTheCatalogsImagesWithAModelAndThePageSaysWhatIsMissingWithout()
    {
        using var photos = TestCatalog.Folder("clip");
        for (var i = 0; i < 3; i++)
        {
            photos.Photo($"s{i}.jpg", 60 + i, new DateTime(2024, 9, 1, 10, i, 0));
        }

        await using (var host = await WebTestHost.StartAsync(new Dictionary<string, string?> { ["LUMINA_CLIP_MODEL"] = TinyClip.WriteModelFolder(_models) }))
        {
            await photos.CreateAsync(host);
            var page = await browser.NewPageAsync();
            await page.GotoAsync(Url(host, $"/catalogs/{photos.Id}/search"));
            await page.GetByLabel("Search words").FillAsync("sunset");
            await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

            var results = page.GetByRole(AriaRole.List, new() { Name = "Results" }).GetByRole(AriaRole.Listitem);
            await Assertions.Expect(results).ToHaveCountAsync(3);
            await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.tile img')].every(i => i.complete && i.naturalWidth > 0)");
            await page.SaveAsync("search");

            await results.First.ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "More like this" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Results" }).GetByRole(AriaRole.Listitem)).Not.ToHaveCountAsync(0);
        }

        await using var plain = await WebTestHost.StartAsync();
        using var other = TestCatalog.Folder("noclip");
        await other.CreateAsync(plain, job: "");
        var without = await browser.NewPageAsync();
        await without.GotoAsync(Url(plain, $"/catalogs/{other.Id}/search"));
        await Assertions.Expect(without.Locator(".empty")).ToContainTextAsync("Search needs a CLIP model: set LUMINA_CLIP_MODEL");
    }

    public void Dispose()
    {
        if (Directory.Exists(_models))
        {
            Directory.Delete(_models, recursive: true);
        }
    }
}
