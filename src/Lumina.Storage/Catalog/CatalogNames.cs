using System.Text;
using AnyAscii;

namespace Lumina.Storage.Catalog;

/// <summary>
/// What a catalog may be called: 1 to 64 ASCII letters, digits, '-', '_' or '.', not starting with '.'.
/// Names end up in file paths (backups) and URLs, so nothing else is accepted for new catalogs.
/// </summary>
public static class CatalogNames
{
    public const int MaxLength = 64;

    public const string Rule = "catalog names are 1 to 64 characters of letters (a-z, A-Z), digits, '-', '_' or '.', not starting with '.'";

    /// <summary>What is wrong with <paramref name="name"/>, or null when it is a valid catalog name.</summary>
    public static string? Problem(string name) =>
        IsValid(name) ? null : $"'{Printable(name)}' is not a valid catalog name: {Rule}";

    public static bool IsValid(string name) =>
        name.Length is > 0 and <= MaxLength && name[0] != '.' && name.All(IsAllowed);

    /// <summary>
    /// A valid name for a folder called <paramref name="folderName"/>: transliterated to ASCII (é becomes e, 東京
    /// DongJing), every run of characters a name cannot hold becomes one '-', leading '.' and '-' and trailing '-' trimmed, cut to 64 characters;
    /// "photos" when nothing is left.
    /// </summary>
    public static string FromFolder(string folderName)
    {
        var builder = new StringBuilder();
        foreach (var c in folderName.Transliterate())
        {
            if (IsAllowed(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var name = builder.ToString().TrimStart('.', '-');
        name = name[..Math.Min(name.Length, MaxLength)].TrimEnd('-');
        return name.Length > 0 ? name : "photos";
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';

    private static string Printable(string name) =>
        string.Concat(name.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
