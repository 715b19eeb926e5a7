using System.Net.Http.Json;
using System.Text.Json;
using Lumina.Functions.Tests;
using Lumina.Testing;
using Microsoft.Playwright;

namespace Lumina.Web.Tests;

/// <summary>The jobs pages and the health page in Chromium: start, live progress, completion, cancel, recommended jobs.</summary>
public sealed class JobsPageTests(Browser browser) : IClassFixture<Browser>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AJobStartedFromThePageShowsProgressAndCompletesWithoutAReload()
    {
        using var photos = TestCatalog.Folder("trip");
        for (var i = 0; i < 8; i++)
        {
            photos.Photo($"p{i}.jpg", i, new DateTime(2024, 7, 1, 10, i, 0), width: 1600, height: 1200);
        }

        await using var host = await WebTestHost.StartAsync(new Dictionary<string, string?> { ["LUMINA_WORKERS"] = "1", ["LUMINA_BATCH_SIZE"] = "1" });
        await photos.CreateAsync(host, job: "");
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(host.Client.BaseAddress!, "/jobs").ToString());
        var marker = await page.EvaluateAsync<double>("() => (window.loadMarker = Math.random())");

        await page.GetByLabel("Job type").SelectOptionAsync("analyze");
        await page.GetByLabel("Catalog", new() { Exact = true }).SelectOptionAsync(photos.Id);
        await page.GetByRole(AriaRole.Button, new() { Name = "Start job" }).ClickAsync();

        var row = page.Locator("tr[data-job^='analyze-']");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator(".done")).ToContainTextAsync("/ 8");
        await page.SaveAsync("jobs-running");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 120_000 });
        await Assertions.Expect(row.Locator(".done")).ToHaveTextAsync("8 / 8");
        Assert.Equal(marker, await page.EvaluateAsync<double>("() => window.loadMarker"));
        await page.SaveAsync("jobs-completed");

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("analyze of trip");
        await Assertions.Expect(page.Locator("h1 .status")).ToHaveTextAsync("completed");
        await Assertions.Expect(page.Locator("dl.result dt:text-is('analyzed') + dd")).ToHaveTextAsync("8");
        await page.SaveAsync("job-page");
    }

    [Fact]
    public async Task ARunningJobIsCancelledFromTheList()
    {
        using var photos = TestCatalog.Folder("slow");
        for (var i = 0; i < 12; i++)
        {
            TestImages.SaveScene(photos.PathOf($"p{i}.jpg"), 1600, 1200, i);
        }

        await using var host = await WebTestHost.StartAsync(new Dictionary<string, string?> { ["LUMINA_WORKERS"] = "1", ["LUMINA_BATCH_SIZE"] = "1" });
        await photos.CreateAsync(host, job: "");
        var started = await host.Client.PostAsJsonAsync("/api/jobs/analyze", new { catalog_id = photos.Id }, Ct);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(host.Client.BaseAddress!, "/jobs").ToString());

        var row = page.Locator($"tr[data-job='{id}']");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Cancel {id}" }).ClickAsync();

        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "terminated", new() { Timeout = 60_000 });
        await Assertions.Expect(row.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        var status = await TestCatalog.WaitForJobAsync(host.Client, id);
        Assert.Equal("terminated", status.GetProperty("runtime_status").GetString());
        Assert.True(status.GetProperty("output").ValueKind is JsonValueKind.Null or JsonValueKind.Undefined || status.GetProperty("progress").GetProperty("done").GetInt64() < 12);
        await page.SaveAsync("jobs-cancelled");
    }

    [Fact]
    public async Task TheHealthPageShowsTheReportAndRunsARecommendedJob()
    {
        using var photos = TestCatalog.Folder("fresh");
        photos.Photo("a.jpg", 1, new DateTime(2024, 5, 1, 9, 0, 0));
        photos.Photo("b.jpg", 2, new DateTime(2024, 5, 1, 9, 5, 0));
        await using var host = await WebTestHost.StartAsync();
        await photos.CreateAsync(host, job: "");
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(host.Client.BaseAddress!, $"/catalogs/{photos.Id}/health").ToString());
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Health report");
        await page.SaveAsync("health-before");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run rebuild" }).First.ClickAsync();
        var follow = page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Follow rebuild-") });
        await follow.ClickAsync();

        await Assertions.Expect(page.Locator("h1 .status")).ToHaveTextAsync("completed", new() { Timeout = 120_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Phases" })).ToContainTextAsync("analyze");
        await page.SaveAsync("job-rebuild");
        await page.GotoAsync(new Uri(host.Client.BaseAddress!, $"/catalogs/{photos.Id}/health").ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Meter, new() { Name = "thumbnails coverage" })).ToHaveAttributeAsync("aria-valuenow", "100");
        await page.SaveAsync("health-after");
    }
}
