namespace Lumina.Functions.Cli;

/// <summary>Rows printed as aligned columns under a header row, two spaces apart (the last column is not padded).</summary>
internal static class TextColumns
{
    public static IEnumerable<string> Lines(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Count).Select(i => all.Max(r => r[i].Length)).ToList();
        return all.Select(r => string.Join("  ", r.Select((cell, i) => i == r.Count - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
    }
}
