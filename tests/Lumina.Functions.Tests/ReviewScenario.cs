using System.Net.Http.Json;
using System.Text.Json;
using Lumina.Functions.Jobs;
using Lumina.Testing;

namespace Lumina.Functions.Tests;

/// <summary>
/// A rebuilt folder catalog served over HTTP, with something to review: a burst of three frames (GPS), a PNG copy of
/// its first frame with its EXIF (one duplicate group; the copy is not a frame), another camera's photo a second later, an older photo, and a file that
/// is not an image.
/// </summary>
public sealed class ReviewScenario : IAsyncDisposable
{
    private ReviewScenario(PhotoFolder folder, WebTestHost host, string catalogId)
    {
        Folder = folder;
        Host = host;
        CatalogId = catalogId;
    }

    public PhotoFolder Folder { get; }

    public WebTestHost Host { get; }

    public HttpClient Client => Host.Client;

    /// <summary>The catalog's id (uuid).</summary>
    public string CatalogId { get; }

    public string Api => $"/api/catalogs/{CatalogId}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<ReviewScenario> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var folder = new PhotoFolder();
        for (var frame = 0; frame < 3; frame++)
        {
            var name = $"burst_{frame}.jpg";
            TestImages.SaveScene(folder.PathOf(name + "[Q=92]"), 640, 480, 20 + frame * 100);
            TestImages.Tag(folder.PathOf(name), ("Make", "Lumina"), ("Model", "Burst Cam"), ("DateTimeOriginal", "2024:06:01 12:00:00"),
                ("SubSecTimeOriginal", $"{frame * 4}00"), ("GPSLatitude", "57.64911"), ("GPSLatitudeRef", "N"), ("GPSLongitude", "10.40744"), ("GPSLongitudeRef", "E"));
        }

        TestImages.Run("vips", "copy", folder.PathOf("burst_0.jpg"), folder.PathOf("burst_0_copy.png"));
        TestImages.SaveScene(folder.PathOf("other.jpg"), 640, 480, 999);
        TestImages.Tag(folder.PathOf("other.jpg"), ("Make", "Lumina"), ("Model", "Other Cam"), ("DateTimeOriginal", "2024:06:01 12:00:01"));
        Directory.CreateDirectory(folder.PathOf("2020"));
        TestImages.SaveScene(folder.PathOf("2020/old.jpg"), 480, 320, 555);
        TestImages.Tag(folder.PathOf("2020/old.jpg"), ("Make", "Lumina"), ("Model", "Other Cam"), ("DateTimeOriginal", "2020:01:02 08:00:00"));
        File.WriteAllText(folder.PathOf("notes.jpg"), "not a photo at all");

        var host = await WebTestHost.StartAsync(settings);
        var key = settings is not null && settings.TryGetValue("LUMINA_ADMIN_KEY", out var admin) ? admin : null;
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/catalogs") { Content = HttpAssert.Json(new { name = "review", folder = folder.Root }) };
        if (key is not null)
        {
            create.Headers.Add("x-functions-key", key);
        }

        var created = await (await host.Client.SendAsync(create, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = created.GetProperty("id").GetString()!;
        var scenario = new ReviewScenario(folder, host, id);
        await scenario.RebuildAsync();
        return scenario;
    }

    /// <summary>Runs a rebuild (with <paramref name="force"/>: every phase from scratch) to its end.</summary>
    public async Task RebuildAsync(bool force = false)
    {
        var status = await Host.Get<JobService>().RunAsync(JobTypes.Rebuild, new JobInput(Guid.Parse(CatalogId), force), null, Ct);
        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
    }

    /// <summary>Runs duplicate and burst detection again, from scratch: every group gets a new id.</summary>
    public async Task RedetectAsync()
    {
        var jobs = Host.Get<JobService>();
        foreach (var type in new[] { JobTypes.DetectDuplicates, JobTypes.DetectBursts })
        {
            var status = await jobs.RunAsync(type, new JobInput(Guid.Parse(CatalogId), Force: true), null, Ct);
            Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        }
    }

    public async Task<JsonElement> GetAsync(string path)
    {
        var response = await Client.GetAsync(path, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>A state-changing request as the web UI sends it: JSON and the X-Lumina-Request header.</summary>
    public static HttpRequestMessage PageRequest(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = HttpAssert.Json(body ?? new { }) };
        request.Headers.Add("X-Lumina-Request", "1");
        return request;
    }

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = PageRequest(method, path, body);
        var response = await Client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Every present image of the library by path, from its pages.</summary>
    public async Task<Dictionary<string, JsonElement>> LibraryAsync(string query = "")
    {
        var all = new Dictionary<string, JsonElement>();
        string? cursor = null;
        do
        {
            var page = await GetAsync($"{Api}/images?limit=2{query}{(cursor is null ? "" : $"&cursor={cursor}")}");
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                all.Add(item.GetProperty("path").GetString()!, item);
            }

            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);
        return all;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Folder.Dispose();
    }
}
