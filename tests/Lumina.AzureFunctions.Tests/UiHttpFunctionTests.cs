using System.Text.Json;
using Lumina.AzureFunctions.Http;
using Lumina.Functions.Tests;
using Microsoft.AspNetCore.Http;

namespace Lumina.AzureFunctions.Tests;

/// <summary>
/// The web UI's routes as HTTP functions answer as <c>lumina serve</c> does: the library, review and rejected routes over
/// one database (the same request to both gets the same status, content type, ETag, body and Location), and the pages
/// and files from the same embedded files. Changes made through a function are seen by serve. With keys, signing in through
/// the session functions sets the cookie that opens the API functions, with serve's refusals.
/// </summary>
public sealed class UiHttpFunctionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheWebUisRoutesPagesAndFilesAnswerAsServeDoesAndTheirChangesAreSeenByServe()
    {
        await using var s = await ReviewScenario.StartAsync();
        await using var app = await FunctionsAppHost.StartAsync(s.Host.Database, new Dictionary<string, string?> { ["LUMINA_HOME"] = s.Host.Home }, runEngine: false);
        var authority = s.Client.BaseAddress!.Authority;
        var library = app.Function<LibraryFunctions>();
        var review = app.Function<ReviewFunctions>();
        var rejected = app.Function<RejectedFunctions>();
        var web = app.Function<WebUiFunctions>();
        var id = s.CatalogId;
        var api = s.Api;
        (string, string)[] page = [("X-Lumina-Request", "1")];

        async Task<Answer> SameAsync(string method, string pathAndQuery, Func<HttpRequest, Task<IResult>> function, string? body = null, params (string, string)[] headers)
        {
            var expected = await HttpCalls.SendAsync(s.Client, method, pathAndQuery, body, "application/json", headers);
            var actual = await HttpCalls.ExecuteAsync(HttpCalls.Request(app.Services, authority, method, pathAndQuery, body, "application/json", headers), function);
            Assert.True(expected == actual, $"{method} {pathAndQuery}\n  serve:     {expected}\n  function:  {actual}");
            return actual;
        }

        async Task<Answer> ThroughFunctionAsync(string method, string pathAndQuery, Func<HttpRequest, Task<IResult>> function, string? body = null)
        {
            var answer = await HttpCalls.ExecuteAsync(HttpCalls.Request(app.Services, authority, method, pathAndQuery, body, "application/json", page), function);
            Assert.True(answer.Status == 200, $"{method} {pathAndQuery} through its function: {answer}");
            return answer;
        }

        var first = JsonDocument.Parse((await SameAsync("GET", $"{api}/images?limit=2", r => library.ImagesAsync(r, id, Ct))).Body).RootElement;
        var cursor = first.GetProperty("next").GetString()!;
        await SameAsync("GET", $"{api}/images?limit=2&cursor={Uri.EscapeDataString(cursor)}", r => library.ImagesAsync(r, id, Ct));
        await SameAsync("GET", $"{api}/images?camera=Burst%20Cam&gps=yes&format=jpeg&from=2024-06-01&to=2024-06-01", r => library.ImagesAsync(r, id, Ct));
        await SameAsync("GET", $"{api}/images?gps=maybe", r => library.ImagesAsync(r, id, Ct));
        await SameAsync("GET", $"{api}/cameras", r => library.CamerasAsync(r, id, Ct));
        await SameAsync("GET", $"{api}/formats", r => library.FormatsAsync(r, id, Ct));
        // The newest item is the catalog's unreadable file (no thumbnail): the image looked at is the first with one.
        var imageId = first.GetProperty("items").EnumerateArray().First(i => i.GetProperty("thumbnail").ValueKind == JsonValueKind.String)
            .GetProperty("id").GetInt64().ToString();
        var image = JsonDocument.Parse((await SameAsync("GET", $"{api}/images/{imageId}", r => library.ImageAsync(r, id, imageId, Ct))).Body).RootElement;
        await SameAsync("GET", $"{api}/images/abc", r => library.ImageAsync(r, id, "abc", Ct));
        var thumbnail = image.GetProperty("thumbnail_url").GetString()!;
        var versioned = await SameAsync("GET", thumbnail, r => library.ThumbnailAsync(r, id, imageId, Ct));
        Assert.True(versioned is { Status: 200, ETag: not null }, $"GET {thumbnail}: {versioned}");
        await SameAsync("GET", thumbnail, r => library.ThumbnailAsync(r, id, imageId, Ct), null, ("If-None-Match", versioned.ETag));
        await SameAsync("GET", $"{api}/images/{imageId}/preview", r => library.PreviewAsync(r, id, imageId, Ct));
        await SameAsync("GET", $"{api}/images/99999/preview", r => library.PreviewAsync(r, id, "99999", Ct));

        await SameAsync("GET", $"{api}/duplicates?limit=5", r => review.DuplicatesAsync(r, id, Ct));
        var group = JsonDocument.Parse((await SameAsync("GET", $"{api}/duplicates/first?undecided=yes", r => review.FirstDuplicateAsync(r, id, Ct))).Body).RootElement;
        var groupId = group.GetProperty("group_id").GetInt64().ToString();
        var members = group.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("image_id").GetInt64()).ToList();
        await SameAsync("GET", $"{api}/duplicates/{groupId}", r => review.DuplicateAsync(r, id, groupId, Ct));
        await SameAsync("GET", $"{api}/duplicates/999999", r => review.DuplicateAsync(r, id, "999999", Ct));
        var decisions = JsonSerializer.Serialize(new { decisions = new[] { new { image_id = members[1], decision = "reject" } } });
        await SameAsync("PUT", $"{api}/duplicates/{groupId}/decisions", r => review.DecideDuplicateAsync(r, id, groupId, Ct), decisions, page);
        await SameAsync("PUT", $"{api}/duplicates/{groupId}/decisions", r => review.DecideDuplicateAsync(r, id, groupId, Ct), """{"decisions": [{"image_id": 1, "decision": "maybe"}]}""", page);
        await SameAsync("PUT", $"{api}/duplicates/{groupId}/decisions", r => review.DecideDuplicateAsync(r, id, groupId, Ct), decisions);
        await SameAsync("DELETE", $"{api}/duplicates/{groupId}/decisions", r => review.UndoDuplicateAsync(r, id, groupId, Ct), null, page);
        await SameAsync("POST", $"{api}/duplicates/accept-suggestions", r => review.AcceptDuplicatesAsync(r, id, Ct), "{}", page);

        await SameAsync("GET", $"{api}/bursts", r => review.BurstsAsync(r, id, Ct));
        var burst = JsonDocument.Parse((await SameAsync("GET", $"{api}/bursts/first", r => review.FirstBurstAsync(r, id, Ct))).Body).RootElement;
        var burstId = burst.GetProperty("burst_id").GetInt64().ToString();
        await SameAsync("GET", $"{api}/bursts/{burstId}", r => review.BurstAsync(r, id, burstId, Ct));
        await SameAsync("PUT", $"{api}/bursts/{burstId}/decision", r => review.DecideBurstAsync(r, id, burstId, Ct), """{"decision": "keep-all"}""", page);
        await SameAsync("PUT", $"{api}/bursts/{burstId}/decision", r => review.DecideBurstAsync(r, id, burstId, Ct), """{"decision": "pick"}""", page);
        await SameAsync("DELETE", $"{api}/bursts/{burstId}/decision", r => review.UndoBurstAsync(r, id, burstId, Ct), null, page);
        await SameAsync("POST", $"{api}/bursts/accept-suggestions", r => review.AcceptBurstsAsync(r, id, Ct), """{"confirm": false}""", page);
        await SameAsync("DELETE", $"{api}/decisions/not-an-action", r => review.UndoActionAsync(r, id, "not-an-action", Ct), null, page);

        // Accepting the suggestions is done once, through the function; serve sees the decisions, and their undo.
        var accepted = JsonDocument.Parse((await ThroughFunctionAsync(
            "POST", $"{api}/duplicates/accept-suggestions", r => review.AcceptDuplicatesAsync(r, id, Ct), """{"confirm": true}""")).Body).RootElement;
        Assert.Equal(1, accepted.GetProperty("groups").GetInt32());
        Assert.True((await s.GetAsync($"{api}/duplicates/{groupId}")).GetProperty("decided").GetBoolean());
        var action = accepted.GetProperty("action").GetString()!;
        var undone = await ThroughFunctionAsync("DELETE", $"{api}/decisions/{action}", r => review.UndoActionAsync(r, id, action, Ct));
        Assert.Equal(members.Count, JsonDocument.Parse(undone.Body).RootElement.GetProperty("undone").GetInt32());
        Assert.False((await s.GetAsync($"{api}/duplicates/{groupId}")).GetProperty("decided").GetBoolean());

        // Moving the rejected originals and back, through the functions: the files move, serve lists the move.
        await ThroughFunctionAsync("POST", $"{api}/duplicates/accept-suggestions", r => review.AcceptDuplicatesAsync(r, id, Ct), """{"confirm": true}""");
        await SameAsync("GET", $"{api}/rejected", r => rejected.ListAsync(r, id, Ct));
        await SameAsync("POST", $"{api}/rejected/move", r => rejected.MoveAsync(r, id, Ct), """{"folder": "relative/path", "confirm": true}""", page);
        await SameAsync("POST", $"{api}/rejected/move", r => rejected.MoveAsync(r, id, Ct), "{}", page);
        var away = Path.Combine(Path.GetTempPath(), $"lumina-functions-rejected-{Guid.NewGuid():N}");
        try
        {
            var move = JsonSerializer.Serialize(new { folder = away, confirm = true });
            var moved = JsonDocument.Parse((await ThroughFunctionAsync("POST", $"{api}/rejected/move", r => rejected.MoveAsync(r, id, Ct), move)).Body).RootElement;
            var file = Assert.Single(moved.GetProperty("moved").EnumerateArray()).GetProperty("path").GetString()!;
            Assert.False(File.Exists(s.Folder.PathOf(file)));
            Assert.True(File.Exists(Path.Combine(away, file)));
            Assert.Single((await s.GetAsync($"{api}/rejected")).GetProperty("moves").EnumerateArray());
            await SameAsync("GET", $"{api}/rejected", r => rejected.ListAsync(r, id, Ct));

            await ThroughFunctionAsync("POST", $"{api}/rejected/restore", r => rejected.RestoreAsync(r, id, Ct), "{}");
            Assert.True(File.Exists(s.Folder.PathOf(file)));
            Assert.False(File.Exists(Path.Combine(away, file)));
            await SameAsync("POST", $"{api}/rejected/restore", r => rejected.RestoreAsync(r, id, Ct), "{}", page);
        }
        finally
        {
            if (Directory.Exists(away))
            {
                Directory.Delete(away, recursive: true);
            }
        }

        // The pages and their files, from the same embedded files.
        var shell = await SameAsync("GET", "/", web.CatalogsAsync);
        Assert.StartsWith("text/html", shell.ContentType);
        await SameAsync("GET", "/", web.CatalogsAsync, null, ("If-None-Match", shell.ETag!));
        await SameAsync("GET", "/signin?next=/jobs", web.SignInAsync);
        await SameAsync("GET", "/jobs", web.JobsAsync);
        await SameAsync("GET", "/jobs/some-job", web.JobAsync);
        await SameAsync("GET", $"/catalogs/{id}", web.LibraryAsync);
        await SameAsync("GET", $"/catalogs/{id}/images/{imageId}", web.ImageAsync);
        await SameAsync("GET", $"/catalogs/{id}/duplicates", web.DuplicatesAsync);
        await SameAsync("GET", $"/catalogs/{id}/duplicates/{groupId}", web.DuplicateAsync);
        await SameAsync("GET", $"/catalogs/{id}/bursts", web.BurstsAsync);
        await SameAsync("GET", $"/catalogs/{id}/bursts/{burstId}", web.BurstAsync);
        await SameAsync("GET", $"/catalogs/{id}/health", web.HealthAsync);
        await SameAsync("GET", $"/catalogs/{id}/search", web.SearchAsync);
        Assert.StartsWith("text/css", (await SameAsync("GET", "/ui/app.css", r => web.AssetAsync(r, "app.css"))).ContentType);
        await SameAsync("GET", "/ui/js/pages/library.js", r => web.AssetAsync(r, "js/pages/library.js"));
        await SameAsync("GET", "/ui/js/nothing.js", r => web.AssetAsync(r, "js/nothing.js"));
        await SameAsync("GET", "/jobs", web.JobsAsync, null, ("Sec-Fetch-Site", "cross-site"));
    }

    [Fact]
    public async Task SigningInThroughTheSessionFunctionsOpensTheApiFunctionsAsServesSignInOpensItsRoutes()
    {
        var keys = new Dictionary<string, string?> { ["LUMINA_FUNCTION_KEYS"] = "ui-function-key", ["LUMINA_ADMIN_KEY"] = "ui-admin-key", ["LUMINA_AUTH"] = "keys" };
        await using var serve = await WebTestHost.StartAsync(keys);
        await using var app = await FunctionsAppHost.StartAsync(serve.Database, new Dictionary<string, string?>(keys) { ["LUMINA_HOME"] = serve.Home }, runEngine: false);
        var authority = serve.Client.BaseAddress!.Authority;
        var sessions = app.Function<SessionFunctions>();
        var catalogs = app.Function<CatalogsFunctions>();
        var library = app.Function<LibraryFunctions>();
        (string, string) page = ("X-Lumina-Request", "1");
        // Serve's client keeps no cookies: each request carries the cookie it names, the function's.
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = serve.Client.BaseAddress };

        // The same request to both: the answer, and the function's Set-Cookie if any.
        async Task<(int Status, string? SetCookie)> SameAsync(string method, string pathAndQuery, Func<HttpRequest, Task<IResult>> function, string? body = null, params (string, string)[] headers)
        {
            var expected = await HttpCalls.SendAsync(client, method, pathAndQuery, body, "application/json", headers);
            var request = HttpCalls.Request(app.Services, authority, method, pathAndQuery, body, "application/json", headers);
            var actual = await HttpCalls.ExecuteAsync(request, function);
            Assert.True(expected == actual, $"{method} {pathAndQuery}\n  serve:     {expected}\n  function:  {actual}");
            return (actual.Status, request.HttpContext.Response.Headers.SetCookie.ToString() is { Length: > 0 } cookie ? cookie : null);
        }

        await SameAsync("GET", "/api/session", sessions.GetAsync);
        Assert.Equal(401, (await SameAsync("GET", "/api/catalogs", r => catalogs.ListAsync(r, Ct))).Status);
        await SameAsync("GET", "/api/catalogs/nope/images", r => library.ImagesAsync(r, "nope", Ct));
        Assert.Equal(401, (await SameAsync("POST", "/api/session", r => sessions.SignInAsync(r, Ct), """{"key": "guess"}""", page)).Status);
        Assert.Equal(403, (await SameAsync("POST", "/api/session", r => sessions.SignInAsync(r, Ct), """{"key": "ui-function-key"}""", ("Sec-Fetch-Site", "same-origin"))).Status);
        var (signedIn, setCookie) = await SameAsync("POST", "/api/session", r => sessions.SignInAsync(r, Ct), """{"key": "ui-function-key"}""", page);
        Assert.Equal(200, signedIn);

        // The cookie as serve sets it, and Secure: the worker sees plain HTTP from the Functions host in front of it.
        Assert.NotNull(setCookie);
        Assert.StartsWith("lumina_session=function.", setCookie);
        Assert.All(new[] { "httponly", "samesite=strict", "path=/", "secure" }, a => Assert.Contains(a, setCookie, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("ui-function-key", setCookie);
        (string, string) cookie = ("Cookie", setCookie.Split(';')[0]);

        // It opens the API functions (and serve's routes: hosts with the same keys accept each other's sign-ins), but not the admin's.
        await SameAsync("GET", "/api/session", sessions.GetAsync, null, cookie);
        Assert.Equal(200, (await SameAsync("GET", "/api/catalogs", r => catalogs.ListAsync(r, Ct), null, cookie)).Status);
        Assert.Equal(404, (await SameAsync("GET", "/api/catalogs/nope/images", r => library.ImagesAsync(r, "nope", Ct), null, cookie)).Status);
        Assert.Equal(401, (await SameAsync("DELETE", "/api/catalogs/nope", r => catalogs.DeleteAsync(r, "nope", app.Client, Ct), "{}", cookie, page)).Status);
        // A signed-in request that changes something needs the header, JSON, and to come from this site.
        Assert.Equal(403, (await SameAsync("POST", "/api/catalogs", r => catalogs.CreateAsync(r, Ct), """{"name": "x", "folder": "/tmp"}""", cookie)).Status);
        Assert.Equal(403, (await SameAsync(
            "POST", "/api/catalogs", r => catalogs.CreateAsync(r, Ct), """{"name": "x", "folder": "/tmp"}""", cookie, page, ("Origin", "http://evil.example"))).Status);
        Assert.Equal(403, (await SameAsync(
            "POST", "/api/catalogs", r => catalogs.CreateAsync(r, Ct), """{"name": "x", "folder": "/tmp"}""", cookie, page, ("Sec-Fetch-Site", "cross-site"))).Status);
        Assert.Equal(401, (await SameAsync("GET", "/api/catalogs", r => catalogs.ListAsync(r, Ct), null, ("Cookie", "lumina_session=admin.9999999999.forged"))).Status);

        var (_, admin) = await SameAsync("POST", "/api/session", r => sessions.SignInAsync(r, Ct), """{"key": "ui-admin-key"}""", page);
        Assert.StartsWith("lumina_session=admin.", admin);
        Assert.Equal(404, (await SameAsync("DELETE", "/api/catalogs/nope", r => catalogs.DeleteAsync(r, "nope", app.Client, Ct), "{}", ("Cookie", admin!.Split(';')[0]), page)).Status);

        var (_, signedOut) = await SameAsync("DELETE", "/api/session", sessions.SignOutAsync, "{}", cookie, page);
        Assert.StartsWith("lumina_session=;", signedOut);
        Assert.Contains("expires=Thu, 01 Jan 1970", signedOut, StringComparison.OrdinalIgnoreCase);
    }
}
