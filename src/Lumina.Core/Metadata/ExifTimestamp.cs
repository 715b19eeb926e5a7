using System.Globalization;

namespace Lumina.Core.Metadata;

/// <summary>
/// A wall-clock time as a camera recorded it: no time-zone conversion, sub-seconds and the UTC offset
/// kept when the file has them.
/// </summary>
public readonly record struct ExifTimestamp(DateTime Local, string? Offset, bool HasSubSeconds)
{
    /// <summary>
    /// Parses an EXIF "yyyy:MM:dd HH:mm:ss" value (dashes also accepted), with optional SubSecTime digits
    /// and OffsetTime ("+02:00"). Returns null for absent, blank-filled, all-zero or impossible values.
    /// </summary>
    public static ExifTimestamp? Parse(string? value, string? subSeconds = null, string? offset = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim('\0', ' ');
        if (text.Length < 19)
        {
            return null;
        }

        text = text[..19].Replace('-', ':');
        if (!DateTime.TryParseExact(text, "yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        var digits = new string((subSeconds ?? "").Trim('\0', ' ').TakeWhile(char.IsAsciiDigit).ToArray());
        var hasSubSeconds = digits.Length > 0;
        if (hasSubSeconds)
        {
            local = local.AddTicks(long.Parse(digits.PadRight(7, '0')[..7], CultureInfo.InvariantCulture));
        }

        return new ExifTimestamp(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), NormalizeOffset(offset), hasSubSeconds);
    }

    /// <summary>"yyyy-MM-ddTHH:mm:ss" plus ".fff" when sub-seconds were recorded.</summary>
    public override string ToString() =>
        Local.ToString(HasSubSeconds ? "yyyy-MM-dd'T'HH:mm:ss.fff" : "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    private static string? NormalizeOffset(string? offset)
    {
        var text = offset?.Trim('\0', ' ');
        return text is { Length: 6 } && (text[0] is '+' or '-') && text[3] == ':'
               && TimeSpan.TryParseExact(text[1..], @"hh\:mm", CultureInfo.InvariantCulture, out _)
            ? text
            : null;
    }
}
