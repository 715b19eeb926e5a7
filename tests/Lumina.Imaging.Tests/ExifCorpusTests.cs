using System.Globalization;
using Lumina.Imaging.Analysis;
using Lumina.Testing;

namespace Lumina.Imaging.Tests;

/// <summary>Agreement with exiftool (the corpus' truth.csv) on real camera and phone files.</summary>
public sealed class ExifCorpusTests
{
    private static readonly ImageAnalyzer Analyzer = new(new AnalysisSettings());

    [Fact]
    public void AgreesWithExiftoolOnAtLeast99PercentOfEveryField()
    {
        var folder = RepoPaths.RequireCorpus("exif");
        var rows = CorpusTruth.Load(Path.Combine(folder, "truth.csv"));
        var fields = new Dictionary<string, (int Agree, List<string> Misses)>();

        void Compare(string field, string file, string expected, string actual)
        {
            var entry = fields.TryGetValue(field, out var e) ? e : (Agree: 0, Misses: new List<string>());
            if (expected == actual)
            {
                entry.Agree++;
            }
            else
            {
                entry.Misses.Add($"{file}: expected '{expected}', got '{actual}'");
            }

            fields[field] = entry;
        }

        foreach (var row in rows)
        {
            var analysis = Analyzer.Analyze(File.ReadAllBytes(Path.Combine(folder, row.File)), TestContext.Current.CancellationToken);
            var exif = analysis.Exif;
            Compare("datetime_original", row.File, row.DateTimeOriginal,
                exif.DateTimeOriginal?.Local.ToString("yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "");
            Compare("make", row.File, row.Make, exif.Make ?? "");
            Compare("model", row.File, row.Model, exif.Model ?? "");
            Compare("gps_lat", row.File, row.GpsLat, Coordinate(row.GpsLat, exif.Latitude));
            Compare("gps_lon", row.File, row.GpsLon, Coordinate(row.GpsLon, exif.Longitude));
            Compare("width", row.File, row.Width, analysis.Width?.ToString(CultureInfo.InvariantCulture) ?? "");
            Compare("height", row.File, row.Height, analysis.Height?.ToString(CultureInfo.InvariantCulture) ?? "");
            Compare("orientation", row.File, row.Orientation, exif.Orientation?.ToString(CultureInfo.InvariantCulture) ?? "");
        }

        var report = string.Join("\n", fields.Select(f =>
            $"{f.Key}: {f.Value.Agree}/{rows.Count}" + string.Concat(f.Value.Misses.Select(m => "\n    " + m))));
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Assert.All(fields, f => Assert.True(f.Value.Agree >= 0.99 * rows.Count, report));
    }

    /// <summary>
    /// Our coordinate as the truth spells it when they agree to exiftool's 7 decimals, else our own value.
    /// exiftool writes 0 for a 0/0 position, which Lumina treats as no GPS.
    /// </summary>
    private static string Coordinate(string truth, double? ours)
    {
        var expected = truth.Length == 0 ? (double?)null : double.Parse(truth, CultureInfo.InvariantCulture);
        if (expected == 0 && ours is null)
        {
            return truth;
        }

        return ours is { } value && expected is { } e && Math.Abs(value - e) <= 1e-6
            ? truth
            : ours?.ToString("R", CultureInfo.InvariantCulture) ?? "";
    }
}
