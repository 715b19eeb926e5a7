using System.Globalization;

namespace Lumina.Functions.Http;

/// <summary>Query and route values parsed by Lumina, so that a bad one is a 400 naming it and what it takes.</summary>
internal static class QueryValues
{
    /// <summary>A whole number from <paramref name="minimum"/> to <paramref name="maximum"/>, or <paramref name="fallback"/> when absent.</summary>
    public static int Int(string? text, string name, int minimum, int maximum, int fallback) =>
        text is null ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum ? value
        : throw new RequestException($"{name} must be a whole number from {minimum} to {maximum} (got '{text}')");

    /// <summary>An id made of digits.</summary>
    public static long Id(string text, string name) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new RequestException($"{name} must be a whole number (got '{text}')");
}
