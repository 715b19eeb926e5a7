namespace Lumina.Functions.Text;

/// <summary>Counts and lists in English, as every message of Lumina prints them: "1 burst", "2 bursts", "jsonl or csv".</summary>
public static class Words
{
    /// <summary>"1 image", "1,234 images": the count with the noun in the singular only for exactly one.</summary>
    /// <param name="plural">The plural when it is not the noun plus "s" ("copies").</param>
    public static string Count(long count, string noun, string? plural = null) => $"{count:N0} {(count == 1 ? noun : plural ?? noun + "s")}";

    /// <summary>The verb that agrees with a count: <paramref name="one"/> for exactly one ("lacks"), else <paramref name="many"/> ("lack").</summary>
    public static string Agree(long count, string one, string many) => count == 1 ? one : many;

    /// <summary>"a", "a or b", "a, b or c".</summary>
    public static string Or(IReadOnlyList<string> items) => Join(items, "or");

    /// <summary>"a", "a and b", "a, b and c".</summary>
    public static string And(IReadOnlyList<string> items) => Join(items, "and");

    private static string Join(IReadOnlyList<string> items, string last) =>
        items.Count <= 1 ? string.Join("", items) : $"{string.Join(", ", items.Take(items.Count - 1))} {last} {items[^1]}";
}
