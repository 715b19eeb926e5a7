using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lumina.Functions.Tests;
using Microsoft.Playwright;

namespace Lumina.Web.Tests;

/// <summary>Sign-in with a key, and what another site's page can and cannot make the browser do.</summary>
public sealed class SecurityPageTests(Browser browser) : IClassFixture<Browser>
{
    private static readonly Regex SignInPage = new(@"/signin\?next=");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Url(WebTestHost host, string path) => new Uri(host.Client.BaseAddress!, path).ToString();

    [Fact]
    public async Task SignInWithAKeyOpensThePagesAndAWrongKeyIsRefused()
    {
        await using var host = await WebTestHost.StartAsync(new Dictionary<string, string?> { ["LUMINA_FUNCTION_KEYS"] = "function-key-1", ["LUMINA_ADMIN_KEY"] = "admin-key" });
        host.Client.DefaultRequestHeaders.Add("x-functions-key", "function-key-1");
        using var photos = TestCatalog.Folder("locked");
        await photos.CreateAsync(host, job: "");
        var page = await browser.NewPageAsync();

        await page.GotoAsync(Url(host, "/"));
        await Assertions.Expect(page).ToHaveURLAsync(SignInPage);
        await page.GetByLabel("Function key or admin key").FillAsync("not-a-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("key");
        await page.SaveAsync("signin-refused");

        await page.GetByLabel("Function key or admin key").FillAsync("function-key-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Catalog locked" })).ToBeVisibleAsync();
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "lumina_session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain("function-key-1", cookie.Value);
        await page.SaveAsync("signed-in");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/signin$"));
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "lumina_session");
        await page.GotoAsync(Url(host, $"/catalogs/{photos.Id}"));
        await Assertions.Expect(page).ToHaveURLAsync(SignInPage);
    }

    [Fact]
    public async Task ACrossSiteFormPostIsRefusedAndStartsNoJob()
    {
        await using var host = await WebTestHost.StartAsync();
        using var photos = TestCatalog.Folder("target");
        await photos.CreateAsync(host, job: "");
        var page = await browser.NewPageAsync();
        var target = Url(host, "/api/jobs/analyze");
        // Another site's page (served by the browser's own routing, under a name no DNS needs to know), posting a form
        // that looks like JSON to Lumina, as a page can without a preflight.
        await page.RouteAsync("http://attacker.localhost/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = $$"""
                <form method="post" action="{{target}}" enctype="text/plain">
                <input name='{"catalog_id": "{{photos.Id}}", "x": "' value='"}'></form>
                <script>document.forms[0].submit()</script>
                """,
        }));

        var answer = page.WaitForResponseAsync(target);
        await page.GotoAsync("http://attacker.localhost/");
        var response = await answer;

        Assert.Equal(403, response.Status);
        Assert.Contains("another site", (await response.JsonAsync())?.GetProperty("error").GetString());
        Assert.Empty(await host.Client.GetFromJsonAsync<JsonElement[]>("/api/jobs", Ct) ?? []);
        await page.SaveAsync("cross-site-refused");
    }
}
