namespace Lumina.Imaging.Tests;

/// <summary>One row of the corpus' exiftool truth.csv.</summary>
internal sealed record CorpusTruth(
    string File, string DateTimeOriginal, string Make, string Model, string GpsLat, string GpsLon, string Width, string Height, string Orientation)
{
    public static IReadOnlyList<CorpusTruth> Load(string path) =>
        System.IO.File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(Csv.Split)
            .Select(f => new CorpusTruth(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]))
            .ToList();
}

/// <summary>Splits one CSV line with double-quoted fields.</summary>
internal static class Csv
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
