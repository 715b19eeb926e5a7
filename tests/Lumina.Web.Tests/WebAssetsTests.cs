using System.Net;
using Lumina.Functions.Tests;

namespace Lumina.Web.Tests;

/// <summary>The UI's files over plain HTTP: every page address answers the shell, files revalidate by ETag, nothing loads from elsewhere.</summary>
public sealed class WebAssetsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PagesAnswerTheShellAndFilesAreRevalidatedByETagUnderAPolicyOfThisHostOnly()
    {
        await using var host = await WebTestHost.StartAsync(new Dictionary<string, string?> { ["LUMINA_FUNCTION_KEYS"] = "function-key-1" });

        foreach (var page in new[] { "/", "/jobs", "/jobs/x", "/signin", "/catalogs/c", "/catalogs/c/images/1", "/catalogs/c/duplicates/3", "/catalogs/c/bursts", "/catalogs/c/health", "/catalogs/c/search" })
        {
            var response = await host.Client.GetAsync(page, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page}: {response.StatusCode}");
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<script type=\"module\" src=\"/ui/js/app.js\">", await response.Content.ReadAsStringAsync(Ct));
        }

        var script = await host.Client.GetAsync("/ui/js/pages/duplicates.js", Ct);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(";", script.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Equal("nosniff", script.Headers.GetValues("X-Content-Type-Options").Single());

        using var again = new HttpRequestMessage(HttpMethod.Get, "/ui/js/pages/duplicates.js");
        again.Headers.IfNoneMatch.Add(script.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await host.Client.SendAsync(again, Ct)).StatusCode);

        var missing = await host.Client.GetAsync("/ui/js/nope.js", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("the web UI has no file 'js/nope.js'", await missing.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.GetAsync("/api/catalogs", Ct)).StatusCode);

        var sources = Path.Combine(Lumina.Testing.RepoPaths.Root, "src", "Lumina.Functions", "Web", "wwwroot");
        foreach (var file in Directory.EnumerateFiles(sources, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotMatch(@"(src|href)=[""']?(https?:)?//", await File.ReadAllTextAsync(file, Ct));
        }
    }
}
