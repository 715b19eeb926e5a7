using System.Diagnostics;
using System.Text.Json.Serialization;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Clip;
using Lumina.Functions.Http;
using Lumina.Functions.Jobs;
using Lumina.Storage.Catalog;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Lumina.Functions.Benchmarks;

/// <summary>Milliseconds per web UI request (medians), server-side: the route's handler and its JSON, without the network.</summary>
public sealed record UiBenchmarkResult(
    [property: JsonPropertyName("images")] int Images,
    [property: JsonPropertyName("runs")] int Runs,
    [property: JsonPropertyName("milliseconds")] IReadOnlyDictionary<string, double> Milliseconds,
    [property: JsonPropertyName("found")] IReadOnlyDictionary<string, string> Found);

/// <summary>
/// Times the web UI's routes on a synthetic catalog (<see cref="SyntheticCatalog"/>) with its duplicate groups and
/// bursts detected: the library's first page, filtered pages (one that nothing matches), the next page, the duplicate review's next group, the
/// next burst, and an image with its nearest hashes. Each request runs through its handler into a response body, as
/// the host runs it; the catalog is deleted afterwards.
/// </summary>
public sealed class UiBenchmark(IServiceProvider services)
{
    public async Task<UiBenchmarkResult> RunAsync(int images, int runs, CancellationToken ct)
    {
        var catalogs = services.GetRequiredService<CatalogRepository>();
        var phases = services.GetRequiredService<CatalogPhases>();
        var reviews = services.GetRequiredService<ReviewRepository>();
        var id = Guid.CreateVersion7();
        var milliseconds = new Dictionary<string, double>();
        var found = new Dictionary<string, string>();
        await catalogs.CreateAsync(id, $"bench-ui-{id:N}", SourceKind.Folder, "/synthetic", "/synthetic-derived", ct);
        try
        {
            await SyntheticCatalog.WriteAsync(services.GetRequiredService<NpgsqlDataSource>(), id, images, seed: 1, SyntheticCatalog.ChunkRows, ct);
            found["duplicates"] = (await phases.DetectDuplicatesAsync(id, JobInput.DefaultThreshold, null, force: false, ct)).Summary;
            found["bursts"] = (await phases.DetectBurstsAsync(id, JobInput.DefaultBurstGap, force: false, ct)).Summary;
            var catalog = id.ToString();
            var library = services.GetRequiredService<LibraryRepository>();
            var all = services.GetRequiredService<CatalogService>();
            var (firstPage, next) = await library.PageAsync(id, new LibraryFilter(), null, 60, ct);
            var cursor = await SecondPageCursorAsync(catalog, all, library, services, ct);
            var groups = await reviews.ListAsync(id, ReviewKind.Duplicates, null, 100_000, false, ct);
            var bursts = await reviews.ListAsync(id, ReviewKind.Bursts, null, 100_000, false, ct);
            var middleGroup = groups[groups.Count / 2].GroupId;
            var middleBurst = bursts[bursts.Count / 2].GroupId;
            var image = firstPage[firstPage.Count / 2].Id;

            Task<IResult> Page(string? after, string? camera = null, string? gps = null, string? duplicate = null, string? format = null) =>
                LibraryApi.ImagesAsync(catalog, after, "60", null, null, camera, gps, null, format, null, duplicate, null, all, library, ct);

            await TimeAsync("library first page", () => Page(null));
            await TimeAsync("library next page", () => Page(cursor));
            await TimeAsync("library filtered page (camera and GPS)", () => Page(null, camera: "Sony ILCE-7M4", gps: "yes"));
            await TimeAsync("library filtered page (in a duplicate group)", () => Page(null, duplicate: "yes"));
            await TimeAsync("library filtered page (RAW: none match, the whole catalog is read)", () => Page(null, format: "raw"));
            await TimeAsync("duplicate review: next group", () => ReviewApi.DuplicateAsync(catalog, middleGroup.ToString(System.Globalization.CultureInfo.InvariantCulture), all, reviews, ct));
            await TimeAsync("duplicate review: first undecided group", () => ReviewApi.FirstDuplicateAsync(catalog, "yes", all, reviews, ct));
            await TimeAsync("burst review: next burst", () => ReviewApi.BurstAsync(catalog, middleBurst.ToString(System.Globalization.CultureInfo.InvariantCulture), all, reviews, ct));
            await TimeAsync("image with similar (dHash)", () => LibraryApi.ImageAsync(
                catalog, image.ToString(System.Globalization.CultureInfo.InvariantCulture), all, services.GetRequiredService<ExportRepository>(), library,
                services.GetRequiredService<ClipService>(), services.GetRequiredService<SearchService>(), ct));
            found["library"] = $"{firstPage.Count} images on the first page, more: {next is not null}";
            found["review"] = $"{groups.Count} duplicate groups, {bursts.Count} bursts";
        }
        finally
        {
            await catalogs.DeleteAsync(id, CancellationToken.None);
        }

        return new UiBenchmarkResult(images, runs, milliseconds, found);

        async Task TimeAsync(string name, Func<Task<IResult>> request)
        {
            var times = new List<double>();
            for (var run = 0; run <= runs; run++)
            {
                var clock = Stopwatch.StartNew();
                var bytes = await ExecuteAsync(await request());
                // The first run warms the connection pool and the plan caches; it is not counted.
                if (run > 0)
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }

                found[name] = $"{bytes} bytes";
            }

            times.Sort();
            milliseconds[name] = Math.Round(times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2, 1);
        }

        async Task<long> ExecuteAsync(IResult result)
        {
            var http = new DefaultHttpContext { RequestServices = services };
            using var body = new MemoryStream();
            http.Response.Body = body;
            await result.ExecuteAsync(http);
            return http.Response.StatusCode == StatusCodes.Status200OK
                ? body.Length
                : throw new InvalidOperationException($"a benchmarked request answered {http.Response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body.ToArray())}");
        }
    }

    private static async Task<string> SecondPageCursorAsync(
        string catalog, CatalogService catalogs, LibraryRepository library, IServiceProvider services, CancellationToken ct)
    {
        var http = new DefaultHttpContext { RequestServices = services };
        using var body = new MemoryStream();
        http.Response.Body = body;
        var result = await LibraryApi.ImagesAsync(catalog, null, "60", null, null, null, null, null, null, null, null, null, catalogs, library, ct);
        await result.ExecuteAsync(http);
        var page = System.Text.Json.JsonDocument.Parse(body.ToArray()).RootElement;
        return page.GetProperty("next").GetString()!;
    }
}
