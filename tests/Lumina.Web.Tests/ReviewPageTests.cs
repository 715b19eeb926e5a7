using System.Text.Json;
using Lumina.Functions.Export;
using Lumina.Functions.Tests;
using Microsoft.Playwright;

namespace Lumina.Web.Tests;

/// <summary>Duplicate and burst review in Chromium: decisions by clicks and by keys, reloads, undo, accept all, the export.</summary>
public sealed class ReviewPageTests(Browser browser) : IClassFixture<Browser>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Url(WebTestHost host, string path) => new Uri(host.Client.BaseAddress!, path).ToString();

    /// <summary>Two duplicate groups (a scene and a smaller, lossier copy of it, twice) and a burst of three frames.</summary>
    private static TestCatalog Shoot(string name)
    {
        var photos = TestCatalog.Folder(name);
        photos.Photo("lake.jpg", 1, new DateTime(2024, 3, 1, 8, 0, 0), width: 1200, height: 900);
        photos.Photo("lake-small.jpg", 1, new DateTime(2024, 3, 1, 8, 0, 0), width: 600, height: 450, options: "[Q=50]");
        photos.Photo("tree.jpg", 2, new DateTime(2024, 3, 2, 8, 0, 0), width: 1200, height: 900);
        photos.Photo("tree-small.jpg", 2, new DateTime(2024, 3, 2, 8, 0, 0), width: 600, height: 450, options: "[Q=50]");
        for (var i = 0; i < 3; i++)
        {
            photos.Photo($"burst{i}.jpg", 40 + i, new DateTime(2024, 3, 5, 12, 0, 0).AddMilliseconds(400 * i), "Fast Shooter");
        }

        return photos;
    }

    private static async Task<Dictionary<string, JsonElement>> ExportAsync(WebTestHost host, TestCatalog photos)
    {
        using var output = new MemoryStream();
        await host.Get<CatalogExporter>().WriteAsync(Guid.Parse(photos.Id), ExportFormat.Jsonl, output, Ct);
        return System.Text.Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToDictionary(r => Path.GetFileName(r.GetProperty("path").GetString()!));
    }

    private static string? Decision(Dictionary<string, JsonElement> export, string file, string field = "duplicate_decision") =>
        export[file].GetProperty(field).GetString();

    /// <summary>
    /// The two scenes in review order, as the page shows them: groups are in the order of their images' ids, which
    /// batches analyzed side by side hand out in any order.
    /// </summary>
    private static async Task<(string First, string Second)> ScenesInOrderAsync(IPage page) =>
        (await page.Locator(".member.suggested").TextContentAsync())!.Contains("lake.jpg", StringComparison.Ordinal) ? ("lake", "tree") : ("tree", "lake");

    private static ILocator Member(IPage page, string file) => page.GetByRole(AriaRole.Listitem).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = file, Exact = true }) });

    [Fact]
    public async Task DuplicateDecisionsByClicksAndByKeysSurviveAReloadAndShowInTheExport()
    {
        using var photos = Shoot("dups");
        await using var host = await WebTestHost.StartAsync();
        await photos.CreateAsync(host);
        var page = await browser.NewPageAsync();

        await page.GotoAsync(Url(host, $"/catalogs/{photos.Id}/duplicates"));
        await Assertions.Expect(page.Locator("#position")).ToHaveTextAsync("1 / 2");
        await Assertions.Expect(page.Locator(".member.suggested")).ToHaveCountAsync(1);
        var (first, second) = await ScenesInOrderAsync(page);
        await Assertions.Expect(page.Locator(".member.suggested")).ToContainTextAsync($"{first}.jpg");
        await Assertions.Expect(page.Locator(".member")).ToHaveCountAsync(2);
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.member img')].every(i => i.complete && i.naturalWidth > 0)");
        await page.SaveAsync("duplicates");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Reject {first}-small.jpg" }).ClickAsync();
        await Assertions.Expect(Member(page, $"{first}-small.jpg")).ToHaveAttributeAsync("data-decision", "reject");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Keep {first}.jpg" }).ClickAsync();
        await Assertions.Expect(Member(page, $"{first}.jpg")).ToHaveAttributeAsync("data-decision", "keep");

        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(page.Locator("#position")).ToHaveTextAsync("2 / 2");
        await Assertions.Expect(page.Locator(".member.suggested")).ToContainTextAsync($"{second}.jpg");
        var small = await Member(page, $"{second}-small.jpg").GetByRole(AriaRole.Link).First.TextContentAsync();
        var smallNumber = (await page.Locator(".member").AllTextContentsAsync()).ToList().FindIndex(t => t.Contains($"{second}-small.jpg", StringComparison.Ordinal)) + 1;
        await page.Keyboard.PressAsync(smallNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Keyboard.PressAsync("x");
        await Assertions.Expect(Member(page, $"{second}-small.jpg")).ToHaveAttributeAsync("data-decision", "reject");
        await page.Keyboard.PressAsync((3 - smallNumber).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Keyboard.PressAsync("k");
        await Assertions.Expect(Member(page, $"{second}.jpg")).ToHaveAttributeAsync("data-decision", "keep");
        await page.SaveAsync("duplicates-decided");

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#position")).ToHaveTextAsync("2 / 2");
        await Assertions.Expect(Member(page, $"{second}-small.jpg")).ToHaveAttributeAsync("data-decision", "reject");
        await page.Keyboard.PressAsync("Home");
        await Assertions.Expect(page.Locator("#position")).ToHaveTextAsync("1 / 2");
        await Assertions.Expect(Member(page, $"{first}-small.jpg")).ToHaveAttributeAsync("data-decision", "reject");

        var export = await ExportAsync(host, photos);
        Assert.Equal("keep", Decision(export, $"{first}.jpg"));
        Assert.Equal("reject", Decision(export, $"{first}-small.jpg"));
        Assert.Equal("keep", Decision(export, $"{second}.jpg"));
        Assert.Equal("reject", Decision(export, $"{second}-small.jpg"));
        Assert.NotNull(small);

        var phone = await browser.NewPageAsync(390, 844, phone: true);
        await phone.GotoAsync(Url(host, $"/catalogs/{photos.Id}/duplicates"));
        await Assertions.Expect(Member(phone, $"{first}-small.jpg")).ToHaveAttributeAsync("data-decision", "reject");
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the review page scrolls sideways on a phone");
        await phone.SaveAsync("duplicates-phone");
    }

    [Fact]
    public async Task UndoClearsAGroupAndAcceptingEverySuggestionAsksFirstAndIsUndone()
    {
        using var photos = Shoot("undo");
        await using var host = await WebTestHost.StartAsync();
        await photos.CreateAsync(host);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Url(host, $"/catalogs/{photos.Id}/duplicates"));
        await Assertions.Expect(page.Locator("#position")).ToHaveTextAsync("1 / 2");
        await Assertions.Expect(page.Locator(".member.suggested")).ToHaveCountAsync(1);
        var (first, second) = await ScenesInOrderAsync(page);

        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(Member(page, $"{first}-small.jpg")).ToHaveAttributeAsync("data-decision", "reject");
        await Assertions.Expect(Member(page, $"{first}.jpg")).ToHaveAttributeAsync("data-decision", "keep");
        await page.Keyboard.PressAsync("u");
        await Assertions.Expect(Member(page, $"{first}-small.jpg")).ToHaveAttributeAsync("data-decision", "");
        await page.ReloadAsync();
        await Assertions.Expect(Member(page, $"{first}.jpg")).ToHaveAttributeAsync("data-decision", "");
        Assert.Null(Decision(await ExportAsync(host, photos), $"{first}-small.jpg"));

        await page.Keyboard.PressAsync("?");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Duplicate review: keys" })).ToBeVisibleAsync();
        await page.SaveAsync("duplicates-help");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToBeHiddenAsync();

        await page.Keyboard.PressAsync("Shift+A");
        var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = "Accept every suggestion?" });
        await Assertions.Expect(confirm).ToBeVisibleAsync();
        await page.SaveAsync("duplicates-accept-all");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        Assert.Null(Decision(await ExportAsync(host, photos), $"{second}-small.jpg"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Accept all suggestions…" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept all", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#toast")).ToContainTextAsync("Accepted the suggestions of 2 groups");
        await Assertions.Expect(Member(page, $"{first}-small.jpg")).ToHaveAttributeAsync("data-decision", "reject");
        var export = await ExportAsync(host, photos);
        Assert.Equal("reject", Decision(export, $"{second}-small.jpg"));
        Assert.Equal("keep", Decision(export, $"{second}.jpg"));

        await page.Locator("#toast").GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();
        await Assertions.Expect(Member(page, $"{first}-small.jpg")).ToHaveAttributeAsync("data-decision", "");
        export = await ExportAsync(host, photos);
        Assert.Null(Decision(export, $"{second}-small.jpg"));
        Assert.Null(Decision(export, $"{first}.jpg"));
    }

    [Fact]
    public async Task ABurstIsReviewedOnItsStripByClicksAndKeys()
    {
        using var photos = Shoot("burst");
        await using var host = await WebTestHost.StartAsync();
        await photos.CreateAsync(host);
        var page = await browser.NewPageAsync();

        await page.GotoAsync(Url(host, $"/catalogs/{photos.Id}/bursts"));
        var frames = page.GetByRole(AriaRole.Listbox, new() { Name = "Frames" }).GetByRole(AriaRole.Option);
        await Assertions.Expect(frames).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#position")).ToHaveTextAsync("1 / 1");
        await Assertions.Expect(page.Locator(".frame .best")).ToHaveCountAsync(1);
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.frame img, .preview img')].every(i => i.complete && i.naturalWidth > 0)");
        await page.SaveAsync("bursts");

        var best = await page.Locator(".frame:has(.best)").GetAttributeAsync("data-image");
        var other = frames.Filter(new() { HasNot = page.Locator(".best") }).First;
        var otherName = Path.GetFileName((await other.GetAttributeAsync("aria-label"))!.Split(": ")[1]);
        await other.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Keep selected only" }).ClickAsync();
        await Assertions.Expect(page.Locator("#decided")).ToContainTextAsync($"keep {otherName} only");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#decided")).ToContainTextAsync($"keep {otherName} only");
        var export = await ExportAsync(host, photos);
        Assert.Equal("keep", Decision(export, otherName, "burst_decision"));

        await page.Keyboard.PressAsync("u");
        await Assertions.Expect(page.Locator("#decided")).ToContainTextAsync("undecided");
        await page.Keyboard.PressAsync("b");
        await Assertions.Expect(page.Locator("#decided")).ToContainTextAsync("keep-best");
        await Assertions.Expect(page.Locator($".frame[data-image='{best}']")).ToHaveAttributeAsync("data-decision", "keep");
        await Assertions.Expect(page.Locator(".frame[data-decision='reject']")).ToHaveCountAsync(2);
        await page.SaveAsync("bursts-decided");
        export = await ExportAsync(host, photos);
        Assert.Equal("reject", Decision(export, otherName, "burst_decision"));
    }

    [Fact]
    public async Task RejectedOriginalsAreMovedOutOnlyAfterAConfirmationAndRestored()
    {
        using var photos = Shoot("move");
        var target = Path.Combine(Path.GetTempPath(), $"lumina-rejected-{Guid.NewGuid():N}");
        await using var host = await WebTestHost.StartAsync();
        await photos.CreateAsync(host);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(Url(host, $"/catalogs/{photos.Id}/duplicates"));
        var panel = page.GetByRole(AriaRole.Region, new() { Name = "Rejected originals" });
        await Assertions.Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Move rejected originals…" })).ToBeDisabledAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Reject lake-small.jpg" }).ClickAsync();
        await Assertions.Expect(panel).ToContainTextAsync("1 original rejected");
        await panel.GetByLabel("Folder to move rejected originals into").FillAsync(target);
        await panel.GetByRole(AriaRole.Button, new() { Name = "Move rejected originals…" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = "Move the rejected originals?" });
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        Assert.True(File.Exists(photos.PathOf("lake-small.jpg")), "a cancelled move moved a file");

        await panel.GetByRole(AriaRole.Button, new() { Name = "Move rejected originals…" }).ClickAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Move them" }).ClickAsync();
        await Assertions.Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Restore them" })).ToBeVisibleAsync();
        await page.SaveAsync("rejected-moved");
        Assert.False(File.Exists(photos.PathOf("lake-small.jpg")));
        Assert.True(File.Exists(Path.Combine(target, "lake-small.jpg")));
        Assert.True(File.Exists(photos.PathOf("lake.jpg")));

        await panel.GetByRole(AriaRole.Button, new() { Name = "Restore them" }).ClickAsync();
        await Assertions.Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Restore them" })).ToHaveCountAsync(0);
        Assert.True(File.Exists(photos.PathOf("lake-small.jpg")));
        Assert.False(File.Exists(Path.Combine(target, "lake-small.jpg")));
        Directory.Delete(target, recursive: true);
    }
}
