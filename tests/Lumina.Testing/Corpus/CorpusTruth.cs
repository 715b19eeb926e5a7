namespace Lumina.Testing.Corpus;

/// <summary>One row of a corpus truth.csv (exiftool 12.57 with -n), with the known corrections applied.</summary>
public sealed record CorpusTruth(
    string File, string DateTimeOriginal, string Make, string Model, string GpsLat, string GpsLon, string Width, string Height, string Orientation)
{
    /// <summary>
    /// Where exiftool 12.57 is wrong, what the file really holds. The Nikon D5000's GPS IFD stores each
    /// coordinate as degrees, decimal minutes and undefined (0/0) seconds; 12.57 drops any coordinate with
    /// an undefined part, so truth.csv has no position. Its rationals (48/1 5332358/100000, 21/1
    /// 259507/100000) give 48.8887263, 21.0432512, which the XMP copy Adobe Bridge wrote beside them
    /// confirms (48°53'19.41" N, 21°2'35.70" E).
    /// </summary>
    private static readonly Dictionary<string, Func<CorpusTruth, CorpusTruth>> Corrections = new()
    {
        ["metadata-extractor-images/jpg/Nikon D5000.jpg"] = t => t with { GpsLat = "48.8887263", GpsLon = "21.0432512" },
    };

    public static IReadOnlyList<CorpusTruth> Load(string path) =>
        System.IO.File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(Csv.Split)
            .Select(f => new CorpusTruth(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]))
            .Select(t => Corrections.TryGetValue(t.File, out var correct) ? correct(t) : t)
            .ToList();
}

/// <summary>Splits one CSV line with double-quoted fields.</summary>
public static class Csv
{
    public static string[] Split(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return [.. fields];
    }
}
