using System.Reflection;
using System.Text.Json;
using Lumina.AzureFunctions.Http;
using Lumina.Functions.Http;
using Microsoft.Azure.Functions.Worker;
using Lumina.Functions.Tests;
using Lumina.Storage.Catalog;
using Lumina.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Lumina.AzureFunctions.Tests;

/// <summary>
/// The HTTP functions answer as the minimal API of <c>lumina serve</c> does, keys included: the same request to both, over one
/// database and one task hub and with the same keys, gets the same status, content type, body and Location. Without keys the
/// app refuses its API.
/// </summary>
public sealed class HttpFunctionTests
{
    private const string FunctionKey = "function-key-of-at-least-32-chars", AdminKey = "admin-key-of-at-least-32-characters";

    private static readonly Dictionary<string, string?> Keys = new()
    {
        ["LUMINA_FUNCTION_KEYS"] = $"other-function-key, {FunctionKey}", ["LUMINA_ADMIN_KEY"] = AdminKey, ["LUMINA_AUTH"] = "keys",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EachHttpFunctionAnswersWhatTheMinimalApiAnswersForTheSameRequest()
    {
        using var photos = new PhotoFolder();
        TestImages.SaveScene(photos.PathOf("one.jpg"), 640, 480, 1);
        TestImages.SaveScene(photos.PathOf("two.png"), 480, 640, 2);
        await using var serve = await WebTestHost.StartAsync(Keys);
        await using var app = await FunctionsAppHost.StartAsync(serve.Database, new Dictionary<string, string?>(Keys) { ["LUMINA_HOME"] = serve.Home }, runEngine: false);
        var client = serve.Get<DurableTaskClient>();
        var authority = serve.Client.BaseAddress!.Authority;
        var jobs = app.Function<JobsFunctions>();
        var catalogs = app.Function<CatalogsFunctions>();
        var events = app.Function<EventGridFunctions>();

        // Each request carries the admin key unless it says otherwise.
        async Task SameAsync(
            string method, string pathAndQuery, Func<HttpRequest, Task<IResult>> function, string? body = null, string contentType = "application/json", bool stamped = false,
            string? key = AdminKey)
        {
            (string, string)[] headers = key is null ? [] : [("x-functions-key", key)];
            var expected = await HttpCalls.SendAsync(serve.Client, method, pathAndQuery, body, contentType, headers);
            var actual = await HttpCalls.ExecuteAsync(HttpCalls.Request(app.Services, authority, method, pathAndQuery, body, contentType, headers), function);
            if (stamped)
            {
                // A health report says when it was made: the two were made moments apart.
                (expected, actual) = (expected with { Body = Unstamped(expected.Body) }, actual with { Body = Unstamped(actual.Body) });
            }

            Assert.True(expected == actual, $"{method} {pathAndQuery}\n  serve:     {expected}\n  function:  {actual}");
        }

        var created = await HttpCalls.SendAsync(serve.Client, "POST", "/api/catalogs", JsonSerializer.Serialize(new { name = "trip", folder = photos.Root }), headers: ("x-functions-key", AdminKey));
        Assert.Equal(201, created.Status);
        var id = JsonDocument.Parse(created.Body).RootElement.GetProperty("id").GetString()!;

        // A job started through the function with a function key: 202 with the check-status payload on the job routes.
        var start = HttpCalls.Request(app.Services, authority, "POST", "/api/jobs/analyze", """{"catalog_id": "trip"}""", headers: ("x-functions-key", FunctionKey));
        var started = await HttpCalls.ExecuteAsync(start, r => jobs.StartAsync(r, "analyze", client, Ct));
        Assert.Equal(202, started.Status);
        var jobId = JsonDocument.Parse(started.Body).RootElement.GetProperty("id").GetString()!;
        Assert.Equal($"http://{authority}/api/jobs/{jobId}", started.Location);
        Assert.Equal(started.Location, JsonDocument.Parse(started.Body).RootElement.GetProperty("statusQueryGetUri").GetString());
        await WaitForJobAsync(client, jobId);

        await SameAsync("GET", $"/api/jobs/{jobId}", r => jobs.GetAsync(r, jobId, client, Ct));
        await SameAsync("GET", "/api/jobs/no-such-job", r => jobs.GetAsync(r, "no-such-job", client, Ct));
        await SameAsync("GET", "/api/jobs?catalog=trip&top=5", r => jobs.ListAsync(r, client, Ct));
        await SameAsync("GET", "/api/jobs?status=sleeping", r => jobs.ListAsync(r, client, Ct));
        await SameAsync("POST", "/api/jobs/polish", r => jobs.StartAsync(r, "polish", client, Ct), """{"catalog_id": "trip"}""");
        await SameAsync("POST", "/api/jobs/analyze", r => jobs.StartAsync(r, "analyze", client, Ct), """{"catalog_id": "trip", "forse": true}""");
        await SameAsync("POST", "/api/jobs/analyze", r => jobs.StartAsync(r, "analyze", client, Ct), "catalog_id=trip", "application/x-www-form-urlencoded");
        await SameAsync("POST", $"/api/jobs/{jobId}/cancel", r => jobs.CancelAsync(r, jobId, client, Ct));

        // Lumina's keys, checked by Lumina on both hosts: ?code= or x-functions-key, a function key for the API, the admin key for the rest.
        await SameAsync("GET", "/api/catalogs", r => catalogs.ListAsync(r, Ct), key: null);
        await SameAsync("GET", "/api/catalogs?code=guess", r => catalogs.ListAsync(r, Ct), key: null);
        await SameAsync("GET", $"/api/catalogs?code={FunctionKey}", r => catalogs.ListAsync(r, Ct), key: null);
        await SameAsync("GET", "/api/catalogs/trip", r => catalogs.GetAsync(r, "trip", Ct), key: FunctionKey);
        await SameAsync("GET", "/api/catalogs/trip", r => catalogs.GetAsync(r, "trip", Ct), key: "other-function-key");
        await SameAsync("POST", $"/api/jobs/{jobId}/cancel", r => jobs.CancelAsync(r, jobId, client, Ct), key: FunctionKey);
        await SameAsync("DELETE", "/api/catalogs/trip", r => catalogs.DeleteAsync(r, "trip", client, Ct), key: FunctionKey);
        await SameAsync("DELETE", "/api/catalogs/trip", r => catalogs.DeleteAsync(r, "trip", client, Ct), key: null);
        await SameAsync("GET", $"/api/durabletask/instances/{jobId}", r => DurableManagementFunctions.GetStatusAsync(r, jobId, client), key: FunctionKey);
        await SameAsync("POST", $"/api/durabletask/instances/{jobId}/terminate", r => DurableManagementFunctions.TerminateAsync(r, jobId, client), key: null);
        var refused = await HttpCalls.ExecuteAsync(HttpCalls.Request(app.Services, authority, "GET", "/api/catalogs"), r => catalogs.ListAsync(r, Ct));
        Assert.True(refused.Status == 401 && refused.Body.Contains("this route needs a function key", StringComparison.Ordinal), refused.ToString());
        var notAdmin = await HttpCalls.ExecuteAsync(
            HttpCalls.Request(app.Services, authority, "DELETE", "/api/catalogs/trip", headers: ("x-functions-key", FunctionKey)), r => catalogs.DeleteAsync(r, "trip", client, Ct));
        Assert.True(notAdmin.Status == 401 && notAdmin.Body.Contains("not the admin key", StringComparison.Ordinal), notAdmin.ToString());

        await SameAsync("GET", $"/api/durabletask/instances/{jobId}?showInput=false", r => DurableManagementFunctions.GetStatusAsync(r, jobId, client));
        await SameAsync("GET", "/api/durabletask/instances/nobody", r => DurableManagementFunctions.GetStatusAsync(r, "nobody", client));
        await SameAsync("POST", $"/api/durabletask/instances/{jobId}/terminate", r => DurableManagementFunctions.TerminateAsync(r, jobId, client));
        await SameAsync("POST", $"/api/durabletask/instances/{jobId}/raiseEvent/poke", r => DurableManagementFunctions.RaiseEventAsync(r, jobId, "poke", client), "{}");
        await SameAsync("GET", "/api/durabletask/instances?top=oops", r => DurableManagementFunctions.ListAsync(r, client));
        await SameAsync("POST", $"/api/durabletask/instances/{jobId}/suspend", r => DurableManagementFunctions.SuspendAsync(r, jobId, client));
        await SameAsync("POST", $"/api/durabletask/instances/{jobId}/resume", r => DurableManagementFunctions.ResumeAsync(r, jobId, client));
        await SameAsync("DELETE", "/api/durabletask/instances/nobody", r => DurableManagementFunctions.PurgeAsync(r, "nobody", client));
        await SameAsync("DELETE", "/api/durabletask/instances?runtimeStatus=sleeping", r => DurableManagementFunctions.PurgeManyAsync(r, client));
        await SameAsync("POST", "/api/durabletask/orchestrators/polish", r => DurableManagementFunctions.StartAsync(r, "polish", null, client), "{}");

        // A job restarted through the management function is a new job Lumina records, as under serve.
        var restart = HttpCalls.Request(app.Services, authority, "POST", $"/api/durabletask/instances/{jobId}/restart", headers: ("x-functions-key", AdminKey));
        var restarted = await HttpCalls.ExecuteAsync(restart, r => DurableManagementFunctions.RestartAsync(r, jobId, client, new TestFunctionContext(app.Services)));
        Assert.True(restarted.Status == 202, restarted.ToString());
        var again = JsonDocument.Parse(restarted.Body).RootElement.GetProperty("id").GetString()!;
        Assert.NotEqual(jobId, again);
        Assert.Equal("analyze", (await app.Get<JobRepository>().FindAsync(again, Ct))?.Type);
        await WaitForJobAsync(client, again);

        await SameAsync("GET", "/api/catalogs", r => catalogs.ListAsync(r, Ct));
        await SameAsync("GET", "/api/catalogs/trip", r => catalogs.GetAsync(r, "trip", Ct));
        await SameAsync("GET", "/api/catalogs/gone", r => catalogs.GetAsync(r, "gone", Ct));
        await SameAsync("POST", "/api/catalogs", r => catalogs.CreateAsync(r, Ct), """{"name": "../../x y", "folder": "/tmp"}""");
        await SameAsync("POST", "/api/catalogs", r => catalogs.CreateAsync(r, Ct), JsonSerializer.Serialize(new { name = "trip", folder = photos.Root }));
        await SameAsync("GET", $"/api/catalogs/{id}/health", r => catalogs.HealthAsync(r, id, client, Ct), stamped: true);
        await SameAsync("GET", "/api/catalogs/trip/health?format=md", r => catalogs.HealthAsync(r, "trip", client, Ct), stamped: true);
        await SameAsync("GET", "/api/catalogs/trip/health?format=xml", r => catalogs.HealthAsync(r, "trip", client, Ct));
        await SameAsync("GET", "/api/catalogs/trip/search?q=beach", r => catalogs.SearchAsync(r, "trip", Ct));
        await SameAsync("GET", "/api/catalogs/trip/uploads", r => catalogs.UploadsAsync(r, "trip", Ct));

        await SameAsync("POST", "/api/events/blobs", r => events.BlobEventsAsync(r, client, Ct),
            """[{"eventType": "Microsoft.EventGrid.SubscriptionValidationEvent", "data": {"validationCode": "512d38b6"}}]""");
        await SameAsync("POST", "/api/events/blobs", r => events.BlobEventsAsync(r, client, Ct), """{"not": "an array"}""");
        // Event Grid's route is the Functions host's to check (its own function key, in the subscription): Lumina asks none.
        var handshake = await HttpCalls.ExecuteAsync(
            HttpCalls.Request(app.Services, authority, "POST", "/api/events/blobs", """[{"eventType": "Microsoft.EventGrid.SubscriptionValidationEvent", "data": {"validationCode": "1"}}]"""),
            r => events.BlobEventsAsync(r, client, Ct));
        Assert.True(handshake.Status == 200, handshake.ToString());

        await SameAsync("DELETE", "/api/catalogs/gone", r => catalogs.DeleteAsync(r, "gone", client, Ct));

        // A delete is done once: through the function, then the catalog is gone for serve too.
        var deleted = await HttpCalls.ExecuteAsync(
            HttpCalls.Request(app.Services, authority, "DELETE", "/api/catalogs/trip", headers: ("x-functions-key", AdminKey)), r => catalogs.DeleteAsync(r, "trip", client, Ct));
        Assert.Equal(200, deleted.Status);
        var view = JsonDocument.Parse(deleted.Body).RootElement;
        Assert.Equal("trip", view.GetProperty("name").GetString());
        Assert.Equal(2, view.GetProperty("images").GetInt64());
        Assert.True(File.Exists(view.GetProperty("backup").GetString()), deleted.Body);
        Assert.Equal(404, (await HttpCalls.SendAsync(serve.Client, "GET", "/api/catalogs/trip", headers: ("x-functions-key", FunctionKey))).Status);
        Assert.Equal(2, Directory.GetFiles(photos.Root, "*", SearchOption.AllDirectories).Length);
    }

    /// <summary>Every HTTP function of the app, called as the host would call it without a key: Lumina refuses each one its table says needs a key.</summary>
    [Fact]
    public async Task EveryApiFunctionAnonymousToTheHostRefusesARequestWithoutAKey()
    {
        await using var app = await FunctionsAppHost.StartAsync(values: Keys, runEngine: false);
        var functions = typeof(WebUiFunctions).Assembly.GetTypes().SelectMany(t => t.GetMethods())
            .Select(m => (Method: m, Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).SingleOrDefault(a => a is not null)))
            .Where(f => f.Trigger is not null).ToList();
        Assert.True(functions.Count == 60, $"{functions.Count} HTTP functions");

        foreach (var (method, trigger) in functions)
        {
            var path = "/" + System.Text.RegularExpressions.Regex.Replace(trigger!.Route!.TrimStart('/'), @"\{[^}]+\}", "x");
            var verb = trigger.Methods!.Single().ToUpperInvariant();
            var request = HttpCalls.Request(app.Services, "lumina.azurewebsites.net", verb, path);
            var arguments = method.GetParameters().Select(p => p.ParameterType switch
            {
                var t when t == typeof(HttpRequest) => request,
                var t when t == typeof(string) => "x",
                var t when t == typeof(CancellationToken) => Ct,
                var t when t == typeof(DurableTaskClient) => app.Client,
                var t when t == typeof(Microsoft.Azure.Functions.Worker.FunctionContext) => new TestFunctionContext(app.Services),
                var t => (object)$"no argument for {t}",
            }).ToArray();
            var target = method.IsStatic ? null : Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance(app.Services, method.DeclaringType!);
            var answer = await HttpCalls.ExecuteAsync(request, _ => (Task<IResult>)method.Invoke(target, arguments)!);

            var needsLuminaKey = trigger.AuthLevel == AuthorizationLevel.Anonymous && KeyAuthorization.Needs(verb, path) is not null;
            Assert.True(needsLuminaKey == (answer.Status == 401), $"{method.DeclaringType!.Name}.{method.Name} ({trigger.AuthLevel}, {verb} {path}): {answer}");
            Assert.True(trigger.AuthLevel == AuthorizationLevel.Anonymous || path == "/api/events/blobs", $"{verb} {path} is {trigger.AuthLevel}");
        }
    }

    [Fact]
    public async Task WithoutUsableKeysTheAppRefusesItsApiNamingTheSettingsAndStillServesPagesAndEventGrid()
    {
        // What App Service leaves in a setting whose Key Vault reference it cannot resolve: a string anyone can read in the template.
        const string Unresolved = "@Microsoft.KeyVault(SecretUri=https://lumina.vault.azure.net/secrets/lumina-function-keys/)";
        foreach (var (settings, message) in new[]
        {
            (new Dictionary<string, string?> { ["LUMINA_AUTH"] = null }, "no key is set and the API is not anonymous: set LUMINA_FUNCTION_KEYS and LUMINA_ADMIN_KEY"),
            (new Dictionary<string, string?> { ["LUMINA_AUTH"] = "keys" }, "no key is set and the API is not anonymous"),
            (new Dictionary<string, string?> { ["LUMINA_AUTH"] = null, ["LUMINA_FUNCTION_KEYS"] = Unresolved, ["LUMINA_ADMIN_KEY"] = AdminKey },
                "LUMINA_FUNCTION_KEYS still holds a Key Vault reference the platform did not resolve"),
        })
        {
            await using var app = await FunctionsAppHost.StartAsync(values: settings, runEngine: false);
            var catalogs = app.Function<CatalogsFunctions>();
            var sessions = app.Function<SessionFunctions>();
            Task<Answer> CallAsync(string method, string pathAndQuery, Func<HttpRequest, Task<IResult>> function, string? body = null) =>
                HttpCalls.ExecuteAsync(HttpCalls.Request(app.Services, "lumina.azurewebsites.net", method, pathAndQuery, body), function);

            foreach (var answer in new[]
            {
                await CallAsync("GET", "/api/catalogs", r => catalogs.ListAsync(r, Ct)),
                await CallAsync("GET", $"/api/catalogs?code={Uri.EscapeDataString(Unresolved)}", r => catalogs.ListAsync(r, Ct)),
                await CallAsync("GET", "/api/session", sessions.GetAsync),
                await CallAsync("POST", "/api/session", r => sessions.SignInAsync(r, Ct), JsonSerializer.Serialize(new { key = Unresolved })),
            })
            {
                Assert.True(answer.Status == 503 && answer.Body.Contains(message, StringComparison.Ordinal), $"{string.Join(", ", settings)}: {answer}");
            }

            Assert.Equal(200, (await CallAsync("GET", "/", app.Function<WebUiFunctions>().CatalogsAsync)).Status);
            var handshake = await CallAsync("POST", "/api/events/blobs", r => app.Function<EventGridFunctions>().BlobEventsAsync(r, app.Client, Ct),
                """[{"eventType": "Microsoft.EventGrid.SubscriptionValidationEvent", "data": {"validationCode": "1"}}]""");
            Assert.True(handshake.Status == 200, handshake.ToString());
        }
    }

    private static string Unstamped(string body) =>
        System.Text.RegularExpressions.Regex.Replace(body, @"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}[^""\s]*", "<time>");

    private static async Task WaitForJobAsync(DurableTaskClient client, string jobId)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        var done = await client.WaitForInstanceCompletionAsync(jobId, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
    }
}
