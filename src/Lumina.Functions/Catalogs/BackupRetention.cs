using System.Globalization;
using System.Text.RegularExpressions;

namespace Lumina.Functions.Catalogs;

/// <summary>
/// Which backups of a catalog are kept: the newest <see cref="Newest"/> and every one younger than
/// <see cref="Days"/> days (LUMINA_BACKUP_KEEP, written "10,7d"); the others are pruned after each new backup.
/// </summary>
public sealed partial record BackupRetention(int Newest, int Days)
{
    public static BackupRetention Default { get; } = new(10, 7);

    /// <summary>"&lt;newest&gt;,&lt;days&gt;d", e.g. "10,7d"; an <see cref="ArgumentException"/> naming the setting otherwise.</summary>
    public static BackupRetention Parse(string text, string setting)
    {
        var match = Written().Match(text.Trim());
        return match.Success
               && int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var newest) && newest is >= 1 and <= 100_000
               && int.TryParse(match.Groups[2].Value, CultureInfo.InvariantCulture, out var days) && days is >= 0 and <= 36_500
            ? new BackupRetention(newest, days)
            : throw new ArgumentException(
                $"{setting}='{text}' is not valid: expected <newest>,<days>d such as 10,7d (keep the newest 1 to 100000 backups of a catalog, " +
                "and every backup of the last 0 to 36500 days)");
    }

    /// <summary>The setting as it is written.</summary>
    public override string ToString() => $"{Newest},{Days}d";

    /// <summary>The backups (name and creation time) this policy prunes at <paramref name="now"/>, oldest first.</summary>
    public IReadOnlyList<string> Prunable(IEnumerable<(string Name, DateTime CreatedAt)> backups, DateTime now) =>
        backups.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Name, StringComparer.Ordinal)
            .Skip(Newest)
            .Where(b => b.CreatedAt < now.AddDays(-Days))
            .OrderBy(b => b.CreatedAt).ThenBy(b => b.Name, StringComparer.Ordinal)
            .Select(b => b.Name)
            .ToList();

    [GeneratedRegex(@"^(\d{1,6}),(\d{1,5})d$")]
    private static partial Regex Written();
}
