using System.Globalization;

namespace Lumina.Testing.Corpus;

/// <summary>What Lumina recorded for one file, in the fields truth.csv holds.</summary>
public sealed record ExifObserved(
    string? DateTimeOriginal, string? Make, string? Model, double? Latitude, double? Longitude, int? Width, int? Height, int? Orientation);

/// <summary>Per-field agreement of Lumina's EXIF with the corpus truth (exiftool), with every miss listed.</summary>
public sealed class ExifAgreement(IReadOnlyList<CorpusTruth> rows)
{
    private readonly Dictionary<string, (int Agree, List<string> Misses)> _fields = [];

    public IReadOnlyList<CorpusTruth> Rows => rows;

    /// <summary>Compares every row with what <paramref name="observe"/> says Lumina recorded for its file (null: the file is missing).</summary>
    public ExifAgreement Measure(Func<CorpusTruth, ExifObserved?> observe)
    {
        foreach (var row in rows)
        {
            var seen = observe(row);
            Compare("present", row.File, "yes", seen is null ? "missing" : "yes");
            Compare("datetime_original", row.File, row.DateTimeOriginal, seen?.DateTimeOriginal ?? "");
            Compare("make", row.File, row.Make, seen?.Make ?? "");
            Compare("model", row.File, row.Model, seen?.Model ?? "");
            Compare("gps_lat", row.File, row.GpsLat, Coordinate(row.GpsLat, seen?.Latitude));
            Compare("gps_lon", row.File, row.GpsLon, Coordinate(row.GpsLon, seen?.Longitude));
            Compare("width", row.File, row.Width, Number(seen?.Width));
            Compare("height", row.File, row.Height, Number(seen?.Height));
            Compare("orientation", row.File, row.Orientation, Number(seen?.Orientation));
        }

        return this;
    }

    public int Agreeing(string field) => _fields[field].Agree;

    public IEnumerable<string> Fields => _fields.Keys;

    public string Report() => string.Join("\n", _fields.Select(f =>
        $"{f.Key}: {f.Value.Agree}/{rows.Count} ({100.0 * f.Value.Agree / rows.Count:F1} %)" + string.Concat(f.Value.Misses.Select(m => "\n    " + m))));

    private void Compare(string field, string file, string expected, string actual)
    {
        var entry = _fields.TryGetValue(field, out var e) ? e : (Agree: 0, Misses: new List<string>());
        if (expected == actual)
        {
            entry.Agree++;
        }
        else
        {
            entry.Misses.Add($"{file}: expected '{expected}', got '{actual}'");
        }

        _fields[field] = entry;
    }

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

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
