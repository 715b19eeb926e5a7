using System.Net;
using System.Text.Json;

namespace Lumina.Functions.Tests;

/// <summary>What a web page of another site can make a browser send to the loopback API, and that none of it gets through.</summary>
public sealed class RequestSafetyTests(SharedWebHost shared) : IClassFixture<SharedWebHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ABodyThatIsNotJsonIsRefused415AndCreatesNothing()
    {
        using var folder = new PhotoFolder();
        await using var host = await WebTestHost.StartAsync();
        var body = JsonSerializer.Serialize(new { name = "sneaky", folder = folder.Root });

        foreach (var mediaType in new[] { "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x" })
        {
            await HttpAssert.Error(await host.Client.PostAsync("/api/catalogs", HttpAssert.Raw(body, mediaType), Ct),
                HttpStatusCode.UnsupportedMediaType, "the request body must be JSON sent with Content-Type: application/json");
            await HttpAssert.Error(await host.Client.PostAsync("/api/jobs/analyze", HttpAssert.Raw("{\"catalog_id\": \"sneaky\"}", mediaType), Ct),
                HttpStatusCode.UnsupportedMediaType, $"(got '{mediaType}");
        }

        Assert.Equal(0L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.catalogs"));
        Assert.Equal(HttpStatusCode.Created, (await host.Client.PostAsync("/api/catalogs", HttpAssert.Raw(body, "application/json; charset=utf-8"), Ct)).StatusCode);
    }

    [Fact]
    public async Task TheApiSendsNoCorsHeadersAndRefusesAPreflightFromAnotherSite()
    {
        var host = shared.Host;
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/catalogs");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        preflight.Headers.Add("Sec-Fetch-Site", "cross-site");
        preflight.Headers.Add("Sec-Fetch-Mode", "cors");
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/catalogs");
        get.Headers.Add("Origin", "https://evil.example");

        var refused = await host.Client.SendAsync(preflight, Ct);
        var plain = await host.Client.SendAsync(get, Ct);

        await HttpAssert.Error(refused, HttpStatusCode.Forbidden, "a request from another site (https://evil.example) is refused");
        foreach (var response in new[] { refused, plain })
        {
            Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Theory]
    [InlineData("evil.example", false)]
    [InlineData("evil.example:{port}", false)]
    [InlineData("127.0.0.1.evil.example:{port}", false)]
    [InlineData("localhost:{port}", true)]
    [InlineData("LOCALHOST", true)]
    [InlineData("ui.localhost:{port}", true)]
    [InlineData("127.0.0.1:{port}", true)]
    [InlineData("127.1.2.3", true)]
    [InlineData("[::1]:{port}", true)]
    public async Task OnLoopbackOnlyLoopbackHostNamesAreServedAndOthersRefused421(string hostHeader, bool served)
    {
        var host = shared.Host;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/catalogs");
        request.Headers.Host = hostHeader.Replace("{port}", host.Client.BaseAddress!.Port.ToString());

        var response = await host.Client.SendAsync(request, Ct);

        if (served)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            await HttpAssert.Error(response, HttpStatusCode.MisdirectedRequest, "is not this machine");
        }
    }

    [Fact]
    public async Task BrowserRequestsThatChangeSomethingMustBeSameOriginAndCarryTheLuminaHeader()
    {
        using var folder = new PhotoFolder();
        await using var host = await WebTestHost.StartAsync();
        var self = $"http://127.0.0.1:{host.Client.BaseAddress!.Port}";

        async Task<HttpResponseMessage> CreateAsync(string name, params (string Name, string Value)[] headers)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/catalogs") { Content = HttpAssert.Json(new { name, folder = folder.Root }) };
            foreach (var (header, value) in headers)
            {
                request.Headers.Add(header, value);
            }

            return await host.Client.SendAsync(request, Ct);
        }

        await HttpAssert.Error(await CreateAsync("a", ("Origin", "https://evil.example"), ("X-Lumina-Request", "1")), HttpStatusCode.Forbidden, "another site");
        await HttpAssert.Error(await CreateAsync("b", ("Origin", "null"), ("X-Lumina-Request", "1")), HttpStatusCode.Forbidden, "another site");
        await HttpAssert.Error(await CreateAsync("c", ("Origin", "http://localhost:3000"), ("X-Lumina-Request", "1")), HttpStatusCode.Forbidden, "another site");
        await HttpAssert.Error(await CreateAsync("d", ("Sec-Fetch-Site", "same-site"), ("Origin", self), ("X-Lumina-Request", "1")), HttpStatusCode.Forbidden, "another site");
        await HttpAssert.Error(await CreateAsync("e", ("Origin", self)), HttpStatusCode.Forbidden, "must carry the header X-Lumina-Request: 1");
        await HttpAssert.Error(await CreateAsync("f", ("Sec-Fetch-Site", "same-origin")), HttpStatusCode.Forbidden, "X-Lumina-Request: 1");
        Assert.Equal(0L, await host.Database.ScalarAsync<long>("SELECT count(*) FROM lumina.catalogs"));

        Assert.Equal(HttpStatusCode.Created, (await CreateAsync("ui", ("Origin", self), ("Sec-Fetch-Site", "same-origin"), ("X-Lumina-Request", "1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync("cli")).StatusCode);
    }

    [Fact]
    public async Task AnotherSiteCannotEmbedOrFetchButALinkToTheApiStillOpens()
    {
        var host = shared.Host;

        async Task<HttpResponseMessage> GetAsync(string mode)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/catalogs");
            request.Headers.Add("Sec-Fetch-Site", "cross-site");
            request.Headers.Add("Sec-Fetch-Mode", mode);
            return await host.Client.SendAsync(request, Ct);
        }

        await HttpAssert.Error(await GetAsync("no-cors"), HttpStatusCode.Forbidden, "another site (cross-site)");
        await HttpAssert.Error(await GetAsync("cors"), HttpStatusCode.Forbidden, "another site");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("navigate")).StatusCode);
    }

    [Fact]
    public async Task EventGridPostsJsonOrCloudEventsAndIsServedButNotOtherContentTypes()
    {
        var host = shared.Host;
        var validation = """[{"id": "1", "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent", "data": {"validationCode": "abc"}}]""";

        var eventGrid = await host.Client.PostAsync("/api/events/blobs", HttpAssert.Raw(validation), Ct);
        var cloudEvents = await host.Client.PostAsync("/api/events/blobs", HttpAssert.Raw(validation, "application/cloudevents-batch+json"), Ct);
        var charset = await host.Client.PostAsync("/api/events/blobs", HttpAssert.Raw(validation, "application/json; charset=utf-8"), Ct);
        var notJson = await host.Client.PostAsync("/api/events/blobs", HttpAssert.Raw(validation, "text/plain"), Ct);

        Assert.Equal("abc", JsonDocument.Parse(await eventGrid.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("validationResponse").GetString());
        Assert.Equal(HttpStatusCode.OK, cloudEvents.StatusCode);
        Assert.Equal(HttpStatusCode.OK, charset.StatusCode);
        await HttpAssert.Error(notJson, HttpStatusCode.UnsupportedMediaType, "must be JSON");
    }
}
