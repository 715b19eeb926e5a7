using System.Text;
using System.Text.Json;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Export;

namespace Lumina.Functions.Tests;

public sealed class ExportTests
{
    private static readonly string[] RequiredFields =
    [
        "path", "selected_date", "date_source", "make", "model", "gps_lat", "gps_lon", "width", "height", "orientation",
        "ahash", "dhash", "phash", "whash", "sha256", "quality_score", "error",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task JsonLinesCarryOneRecordPerImageWithTheDocumentedFields()
    {
        var (lines, _) = await ExportMixedFolderAsync(ExportFormat.Jsonl);

        var records = lines.Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(r => r.GetProperty("path").GetString()!);
        Assert.Equal(7, records.Count);
        Assert.All(records.Values, r => Assert.All(RequiredFields, f => Assert.True(r.TryGetProperty(f, out _), $"missing {f}")));

        var beach = records["beach.jpg"];
        Assert.Equal("2024-07-14T09:30:00.250", beach.GetProperty("selected_date").GetString());
        Assert.Equal("DateTimeOriginal", beach.GetProperty("date_source").GetString());
        Assert.Equal(("Lumina", "Tester"), (beach.GetProperty("make").GetString(), beach.GetProperty("model").GetString()));
        Assert.Equal(43.2965, beach.GetProperty("gps_lat").GetDouble(), 4);
        Assert.Equal(5.3698, beach.GetProperty("gps_lon").GetDouble(), 4);
        Assert.Equal((800, 600), (beach.GetProperty("width").GetInt32(), beach.GetProperty("height").GetInt32()));
        Assert.All(new[] { "ahash", "dhash", "phash", "whash" }, h => Assert.Matches("^[0-9a-f]{16}$", beach.GetProperty(h).GetString()));
        Assert.Matches("^[0-9a-f]{64}$", beach.GetProperty("sha256").GetString());
        Assert.Equal(JsonValueKind.Null, beach.GetProperty("error").ValueKind);
        Assert.InRange(beach.GetProperty("quality_score").GetDouble(), 0, 100);

        var nested = records["2024/trip/mountain.png"];
        Assert.Equal("FileTime", nested.GetProperty("date_source").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?$", nested.GetProperty("selected_date").GetString());
        Assert.Equal("empty file (0 bytes)", records["empty.jpg"].GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, records["empty.jpg"].GetProperty("dhash").ValueKind);
    }

    [Fact]
    public async Task CsvHasAHeaderAndQuotesFieldsThatNeedIt()
    {
        var (lines, _) = await ExportMixedFolderAsync(ExportFormat.Csv);

        var header = lines[0].Split(',');
        Assert.All(RequiredFields, f => Assert.Contains(f, header));
        Assert.Equal(8, lines.Count);
        var notes = lines.Single(l => l.StartsWith("notes.jpg,", StringComparison.Ordinal));
        Assert.EndsWith(",not an image: the content matches no supported format; first bytes 6E6F742061207068", notes);
        var beach = lines.Single(l => l.StartsWith("beach.jpg,", StringComparison.Ordinal));
        Assert.Contains(",2024-07-14T09:30:00.250,DateTimeOriginal,", beach);
        Assert.Contains(",\"{\"\"noise\"\": ", beach);
    }

    private static async Task<(IReadOnlyList<string> Lines, int Count)> ExportMixedFolderAsync(ExportFormat format)
    {
        using var folder = new PhotoFolder().WithMixedContent();
        await using var host = await LuminaTestHost.StartAsync();
        var catalog = await host.Get<CatalogService>().EnsureFolderCatalogAsync(folder.Root, null, Ct);
        await host.AnalyzeAsync(catalog);

        using var output = new MemoryStream();
        var count = await host.Get<CatalogExporter>().WriteAsync(catalog.Id, format, output, Ct);
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (lines, count);
    }
}
