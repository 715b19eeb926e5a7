using System.Net;
using System.Text;
using System.Text.Json;
using Lumina.Functions.Catalogs;
using Lumina.Storage.Catalog;
using Lumina.Testing;
using Microsoft.Extensions.Configuration;

namespace Lumina.Functions.Tests;

/// <summary>The keys of <c>lumina serve</c>'s HTTP API, checked as Azure Functions checks them.</summary>
public sealed class ApiKeyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KeysOpenTheRoutesTheyShouldAndOnlyThose()
    {
        await using var host = await WebTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["LUMINA_FUNCTION_KEYS"] = "function-key-1, function-key-2", ["LUMINA_ADMIN_KEY"] = "admin-key",
        });

        await AssertStatus(host, "/api/catalogs", null, HttpStatusCode.Unauthorized, "this route needs a function key");
        await AssertStatus(host, "/api/catalogs?code=guess", null, HttpStatusCode.Unauthorized, "the key given is not a function key of this app");
        await AssertStatus(host, "/api/catalogs", "function-key-1", HttpStatusCode.OK, null);
        await AssertStatus(host, "/api/catalogs?code=function-key-2", null, HttpStatusCode.OK, null);
        await AssertStatus(host, "/api/catalogs", "admin-key", HttpStatusCode.OK, null);
        await AssertStatus(host, "/api/durabletask/instances", "function-key-1", HttpStatusCode.Unauthorized, "the key given is not the admin key");
        await AssertStatus(host, "/api/durabletask/instances", null, HttpStatusCode.Unauthorized, "this route needs the admin key");
        await AssertStatus(host, "/api/durabletask/instances", "admin-key", HttpStatusCode.OK, null);
        await AssertStatus(host, "/runtime/webhooks/durabletask/instances?code=admin-key", null, HttpStatusCode.OK, null);
        await AssertStatus(host, "/runtime/webhooks/durabletask/instances?code=function-key-2", null, HttpStatusCode.Unauthorized, "admin key");
    }

    [Fact]
    public async Task AJobStartedWithAFunctionKeyIsFollowedAndCancelledWithTheSameKeyAndNoLinkCarriesIt()
    {
        using var folder = new PhotoFolder();
        TestImages.SaveScene(folder.PathOf("a.jpg"), 320, 240, 1);
        await using var log = new StringWriter();
        await using var host = await WebTestHost.StartAsync(
            new Dictionary<string, string?> { ["LUMINA_FUNCTION_KEYS"] = "function-key-1", ["LUMINA_ADMIN_KEY"] = "admin-key" }, requestLog: log);
        await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, "keyed", Ct);

        var start = await host.Client.PostAsync("/api/jobs/analyze?code=function-key-1", Json("""{"catalog_id": "keyed"}"""), Ct);

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var payload = await start.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("function-key", payload);
        Assert.DoesNotContain("function-key", start.Headers.Location!.ToString());
        var links = JsonDocument.Parse(payload).RootElement;
        var status = links.GetProperty("statusQueryGetUri").GetString()!;
        HttpResponseMessage followed;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, status);
            request.Headers.Add("x-functions-key", "function-key-1");
            followed = await host.Client.SendAsync(request, Ct);
            Assert.True(followed.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"{status}: {followed.StatusCode}");
            Assert.DoesNotContain("function-key", followed.Headers.Location?.ToString() ?? "");
            await Task.Delay(100, Ct);
        }
        while (followed.StatusCode == HttpStatusCode.Accepted);

        var cancel = await host.Client.PostAsync(links.GetProperty("terminatePostUri").GetString() + "?code=function-key-1", null, Ct);
        Assert.Equal(HttpStatusCode.Gone, cancel.StatusCode);
        Assert.Contains("POST /api/jobs/analyze 202 ", log.ToString());
        Assert.DoesNotContain("function-key", log.ToString());
    }

    [Fact]
    public async Task ServingTheNetworkWithoutKeysIsRefusedUnlessAskedFor()
    {
        await using var database = await TestDatabase.CreateAsync("openhost", CatalogSchema.Scripts);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LUMINA_POSTGRES"] = database.ConnectionString,
        }).Build();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Hosting.LuminaWebHost.BuildAsync(["http://0.0.0.0:0"], configuration, Ct));

        Assert.Contains("without keys would open the API to the network", error.Message);
    }

    [Fact]
    public async Task KeysRequiredWithNoKeySetRefuseTheApiNamingTheSettingsButNotThePages()
    {
        await using var host = await WebTestHost.StartAsync(new Dictionary<string, string?> { ["LUMINA_AUTH"] = "keys" });

        await AssertStatus(host, "/api/catalogs", null, HttpStatusCode.ServiceUnavailable, "no key is set and the API is not anonymous: set LUMINA_FUNCTION_KEYS and LUMINA_ADMIN_KEY");
        await AssertStatus(host, "/api/session", null, HttpStatusCode.ServiceUnavailable, "LUMINA_AUTH=anonymous");
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/", Ct)).StatusCode);
    }

    private static async Task AssertStatus(WebTestHost host, string path, string? headerKey, HttpStatusCode status, string? message)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (headerKey is not null)
        {
            request.Headers.Add("x-functions-key", headerKey);
        }

        var response = await host.Client.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status == response.StatusCode, $"{path} with {headerKey ?? "no header key"}: {response.StatusCode} {body}");
        if (message is not null)
        {
            Assert.Contains(message, JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
        }

        Assert.DoesNotContain("function-key", body);
        Assert.DoesNotContain("admin-key", body);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
