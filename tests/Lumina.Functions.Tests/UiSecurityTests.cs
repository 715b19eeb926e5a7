using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Lumina.Functions.Tests;

/// <summary>The web UI's security: sign-in with a key sets an HttpOnly, SameSite=Strict cookie that authorizes like the key; a signed-in request that changes something needs JSON and the custom header.</summary>
public sealed class UiSecurityTests
{
    private static readonly Dictionary<string, string?> Keys = new() { ["LUMINA_FUNCTION_KEYS"] = "function-key", ["LUMINA_ADMIN_KEY"] = "admin-key" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SigningInSetsAStrictHttpOnlyCookieThatAuthorizesLikeTheKey()
    {
        await using var host = await WebTestHost.StartAsync(Keys);
        using var client = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = host.Client.BaseAddress };

        var anonymous = await client.GetFromJsonAsync<JsonElement>("/api/session", Ct);
        await HttpAssert.Error(await client.GetAsync("/api/catalogs", Ct), HttpStatusCode.Unauthorized, "this route needs a function key");
        await HttpAssert.Error(await client.SendAsync(Page(HttpMethod.Post, "/api/session", new { key = "guess" }), Ct), HttpStatusCode.Unauthorized, "not a function key or the admin key");
        var signIn = await client.SendAsync(Page(HttpMethod.Post, "/api/session", new { key = "function-key" }), Ct);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));

        Assert.Equal((true, false), (anonymous.GetProperty("keys_required").GetBoolean(), anonymous.GetProperty("signed_in").GetBoolean()));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.StartsWith("lumina_session=function.", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("function-key", cookie);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/catalogs", Ct)).StatusCode);
        Assert.Equal("function", (await client.GetFromJsonAsync<JsonElement>("/api/session", Ct)).GetProperty("role").GetString());
        await HttpAssert.Error(await client.SendAsync(Page(HttpMethod.Delete, "/api/catalogs/nope"), Ct), HttpStatusCode.Unauthorized, "signed in with a function key: this route needs the admin key");
        await HttpAssert.Error(await client.GetAsync("/api/durabletask/instances", Ct), HttpStatusCode.Unauthorized, "this route needs the admin key");

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Page(HttpMethod.Post, "/api/session", new { key = "admin-key" }), Ct)).StatusCode);
        await HttpAssert.Error(await client.SendAsync(Page(HttpMethod.Delete, "/api/catalogs/nope"), Ct), HttpStatusCode.NotFound, "no catalog 'nope'");

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Page(HttpMethod.Delete, "/api/session"), Ct)).StatusCode);
        await HttpAssert.Error(await client.GetAsync("/api/catalogs", Ct), HttpStatusCode.Unauthorized, "this route needs a function key");
    }

    [Fact]
    public async Task ASignedInRequestThatChangesSomethingNeedsTheHeaderAndJson()
    {
        await using var host = await WebTestHost.StartAsync(Keys);
        using var client = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = host.Client.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Page(HttpMethod.Post, "/api/session", new { key = "function-key" }), Ct)).StatusCode);

        var noHeader = await client.PostAsync("/api/catalogs", HttpAssert.Json(new { name = "x", folder = "/tmp" }), Ct);
        using var form = new HttpRequestMessage(HttpMethod.Post, "/api/catalogs") { Content = new FormUrlEncodedContent([new("name", "x")]) };
        form.Headers.Add("X-Lumina-Request", "1");
        using var empty = new HttpRequestMessage(HttpMethod.Post, "/api/jobs/nope/cancel");
        empty.Headers.Add("X-Lumina-Request", "1");
        using var crossSite = Page(HttpMethod.Post, "/api/catalogs", new { name = "x", folder = "/tmp" });
        crossSite.Headers.Add("Origin", "http://evil.example");

        await HttpAssert.Error(noHeader, HttpStatusCode.Forbidden, "must carry the header X-Lumina-Request: 1");
        await HttpAssert.Error(await client.SendAsync(form, Ct), HttpStatusCode.UnsupportedMediaType, "must be JSON");
        await HttpAssert.Error(await client.SendAsync(empty, Ct), HttpStatusCode.UnsupportedMediaType, "must be sent with Content-Type: application/json");
        await HttpAssert.Error(await client.SendAsync(crossSite, Ct), HttpStatusCode.Forbidden, "a request from another site (http://evil.example) is refused");
        Assert.Empty(await client.GetFromJsonAsync<JsonElement[]>("/api/catalogs", Ct) ?? []);
    }

    [Fact]
    public async Task AnExpiredOrForgedSessionIsRefusedAndPagesNeedNoKey()
    {
        await using var host = await WebTestHost.StartAsync(Keys);
        var keys = host.Get<Http.KeyAuthorization>();
        var expired = $"admin.{DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds()}.{Mac("admin-key", "admin", DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds())}";
        var forged = $"admin.{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}.{Mac("function-key", "admin", DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds())}";
        var valid = keys.NewSession("admin-key", Http.KeyRole.Admin);

        Assert.Equal(Http.KeyRole.Admin, keys.SessionRole(valid));
        Assert.Null(keys.SessionRole(expired));
        Assert.Null(keys.SessionRole(forged));
        Assert.Null(keys.SessionRole("admin.x.y"));
        foreach (var session in new[] { expired, forged })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/catalogs");
            request.Headers.Add("Cookie", $"lumina_session={session}");
            await HttpAssert.Error(await host.Client.SendAsync(request, Ct), HttpStatusCode.Unauthorized, "the sign-in has expired or its key was removed");
        }

        await HttpAssert.Error(await host.Client.GetAsync("/no-such-page", Ct), HttpStatusCode.NotFound, "");
    }

    private static string Mac(string key, string role, long expires) =>
        Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)), System.Text.Encoding.UTF8.GetBytes($"lumina-session|{role}|{expires}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static HttpRequestMessage Page(HttpMethod method, string path, object? body = null) => ReviewScenario.PageRequest(method, path, body);
}
