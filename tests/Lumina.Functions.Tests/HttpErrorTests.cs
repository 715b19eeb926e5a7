using System.Net;

namespace Lumina.Functions.Tests;

/// <summary>Every error the HTTP API gives has a JSON body that names the field and what it takes, never a .NET type.</summary>
public sealed class HttpErrorTests(SharedWebHost shared) : IClassFixture<SharedWebHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnknownRoutesImagesAndMethodsAnswerWithAJsonError()
    {
        using var folder = new PhotoFolder();
        var host = shared.Host;
        await host.Client.PostAsync("/api/catalogs", HttpAssert.Json(new { name = "c", folder = folder.Root }), Ct);

        await HttpAssert.Error(await host.Client.GetAsync("/nope", Ct), HttpStatusCode.NotFound, "no route answers GET /nope");
        await HttpAssert.Error(await host.Client.GetAsync("/api/catalogs/c/nothing", Ct), HttpStatusCode.NotFound, "no route answers GET /api/catalogs/c/nothing");
        await HttpAssert.Error(await host.Client.GetAsync("/api/catalogs/c/images/123/thumbnail", Ct), HttpStatusCode.NotFound, "image 123 of catalog 'c' has no thumbnail");
        await HttpAssert.Error(await host.Client.GetAsync("/api/catalogs/c/images/abc/preview", Ct), HttpStatusCode.BadRequest, "the image id must be a whole number (got 'abc')");
        await HttpAssert.Error(await host.Client.GetAsync("/api/jobs/x/cancel", Ct), HttpStatusCode.MethodNotAllowed, "GET /api/jobs/x/cancel");
        await HttpAssert.Error(await host.Client.PutAsync("/api/catalogs", HttpAssert.Json(new { }), Ct), HttpStatusCode.MethodNotAllowed, "PUT /api/catalogs");
        await HttpAssert.Error(await host.Client.GetAsync("/api/durabletask/instances/none", Ct), HttpStatusCode.NotFound, "none");
    }

    [Theory]
    [InlineData("/api/jobs?top=abc", "top must be a whole number from 1 to 1000 (got 'abc')")]
    [InlineData("/api/jobs?top=-1", "top must be a whole number from 1 to 1000 (got '-1')")]
    [InlineData("/api/jobs?top=0", "top must be a whole number from 1 to 1000 (got '0')")]
    [InlineData("/api/jobs?top=1001", "top must be a whole number from 1 to 1000")]
    [InlineData("/api/jobs?catalog=a%00b", "'a\\u0000b' is not a valid catalog name")]
    [InlineData("/api/catalogs/a%01b", "'a\\u0001b' is not a valid catalog name")]
    [InlineData("/api/catalogs/a%2F..%2F..%2Fb/health", "is not a valid catalog name: catalog names are 1 to 64 characters")]
    [InlineData("/api/durabletask/instances?top=abc", "'top' must be a whole number")]
    public async Task BadQueryAndRouteValuesAnswer400NamingTheValue(string path, string message)
    {
        var host = shared.Host;

        await HttpAssert.Error(await host.Client.GetAsync(path, Ct), HttpStatusCode.BadRequest, message);
    }

    [Theory]
    [InlineData("[]", "the body must be a JSON object: {\"catalog_id\": a string, \"force\": true or false")]
    [InlineData("\"rebuild\"", "the body must be a JSON object")]
    [InlineData("", "the request needs a JSON object body")]
    [InlineData("{\"catalog_id\": 5}", "catalog_id must be a string (got 5)")]
    [InlineData("{\"catalog_id\": \"c\", \"force\": \"yes\"}", "force must be true or false (got \"yes\")")]
    [InlineData("{\"catalog_id\": \"c\", \"force\": null}", "force must be true or false (got null)")]
    [InlineData("{\"catalog_id\": \"c\", \"burst_gap_seconds\": [2]}", "burst_gap_seconds must be a number (got [2])")]
    [InlineData("{\"catalog_id\": \"c\", \"forse\": true}", "unknown field 'forse': the body takes catalog_id, force, similarity_threshold")]
    public async Task BadJobBodiesNameTheFieldAndWhatItTakes(string body, string message)
    {
        var host = shared.Host;

        var error = await HttpAssert.Error(await host.Client.PostAsync("/api/jobs/analyze", HttpAssert.Raw(body), Ct), HttpStatusCode.BadRequest, message);

        Assert.DoesNotContain("Lumina.", error);
        Assert.DoesNotContain("System.", error);
    }

    [Fact]
    public async Task BadCatalogBodiesNameNestedFieldsToo()
    {
        var host = shared.Host;

        await HttpAssert.Error(await host.Client.PostAsync("/api/catalogs", HttpAssert.Raw("""{"name": "x", "blob": {"conection": "c", "container": "p"}}"""), Ct),
            HttpStatusCode.BadRequest, "unknown field 'blob.conection': blob takes connection, container, prefix");
        await HttpAssert.Error(await host.Client.PostAsync("/api/catalogs", HttpAssert.Raw("""{"name": "x", "blob": {"connection": 1}}"""), Ct),
            HttpStatusCode.BadRequest, "blob.connection must be a string (got 1)");
        await HttpAssert.Error(await host.Client.PostAsync("/api/catalogs", HttpAssert.Raw("""{"name": "x", "blob": "photos"}"""), Ct),
            HttpStatusCode.BadRequest, "blob must be an object {\"connection\": a string, \"container\": a string, \"prefix\": a string} (got \"photos\")");
    }

    [Fact]
    public async Task ABodyOverTheLimitIsA413WithAJsonErrorAndOneLogLine()
    {
        await using var log = new StringWriter();
        await using var host = await WebTestHost.StartAsync(requestLog: log);
        var answer = await HttpAssert.OversizedPostAsync(host.Client.BaseAddress!, "/api/catalogs", 40_000_000);

        Assert.StartsWith("HTTP/1.1 413 Payload Too Large", answer);
        Assert.Contains("Content-Type: application/json", answer);
        Assert.Contains("{\"error\":\"the request body is larger than 30 MB, the most this API takes\"}", answer);
        Assert.Contains("POST /api/catalogs 413 ", log.ToString());
        Assert.DoesNotContain("   at ", log.ToString());
    }

    [Fact]
    public async Task TheDurableManagementApiAnswersErrorsInTheSameShape()
    {
        var host = shared.Host;

        await HttpAssert.Error(
            await host.Client.PostAsync("/api/durabletask/orchestrators/Nope", HttpAssert.Raw("{}"), Ct), HttpStatusCode.BadRequest, "No orchestrator named 'Nope'");
    }
}
