using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lumina.Functions.Tests;
using Lumina.Testing;

namespace Lumina.Web.Tests;

/// <summary>A folder of generated photos made into a catalog of a web host, through the HTTP API as any client does it.</summary>
public sealed class TestCatalog : IDisposable
{
    private TestCatalog(string root, string name)
    {
        Root = root;
        Name = name;
    }

    public string Root { get; }

    public string Name { get; }

    public string Id { get; private set; } = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public string PathOf(string name) => System.IO.Path.Combine(Root, name);

    public static TestCatalog Folder(string name)
    {
        var root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"lumina-web-photos-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        return new TestCatalog(root, name);
    }

    /// <summary>A scene photo taken at <paramref name="taken"/> by <paramref name="camera"/> ("Make Model": the first word is the make).</summary>
    public TestCatalog Photo(string file, int seed, DateTime taken, string camera = "Lumina Tester", int width = 640, int height = 480, string options = "[Q=90]")
    {
        TestImages.SaveScene(PathOf(file) + (file.EndsWith(".jpg", StringComparison.Ordinal) ? options : ""), width, height, seed);
        Tag(file, taken, camera);
        return this;
    }

    public void Tag(string file, DateTime taken, string camera, params (string, string)[] more)
    {
        var make = camera.Split(' ')[0];
        var model = camera[make.Length..].Trim();
        TestImages.Tag(PathOf(file), [("DateTimeOriginal", taken.ToString("yyyy:MM:dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)),
            ("SubSecTimeOriginal", taken.Millisecond.ToString("000", System.Globalization.CultureInfo.InvariantCulture)), ("Make", make), ("Model", model), .. more]);
    }

    /// <summary>Creates the catalog on <paramref name="host"/> and runs <paramref name="job"/> (rebuild by default) to its end.</summary>
    public async Task<TestCatalog> CreateAsync(WebTestHost host, string job = "rebuild", HttpClient? client = null)
    {
        client ??= host.Client;
        var created = await client.PostAsJsonAsync("/api/catalogs", new { name = Name, folder = Root }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        if (job.Length > 0)
        {
            var started = await client.PostAsJsonAsync($"/api/jobs/{job}", new { catalog_id = Id }, Ct);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            var status = await WaitForJobAsync(client, (await started.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!);
            Assert.Equal("completed", status.GetProperty("runtime_status").GetString());
        }

        return this;
    }

    public static async Task<JsonElement> WaitForJobAsync(HttpClient client, string id)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var response = await client.GetAsync($"/api/jobs/{id}", Ct);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            }

            Assert.True(DateTime.UtcNow < deadline, $"job {id} still running after 3 minutes: {await response.Content.ReadAsStringAsync(Ct)}");
            await Task.Delay(200, Ct);
        }
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
