namespace Lumina.Storage.Catalog.Backups;

/// <summary>What a backup holds: its format, the catalog, the schema it was taken from, and row counts.</summary>
public sealed record BackupManifest(
    string Format,
    int FormatVersion,
    CatalogRecord Catalog,
    int SchemaVersion,
    DateTimeOffset CreatedAt,
    IReadOnlyDictionary<string, long> Rows)
{
    public const string Name = "lumina-catalog-backup";
    public const int CurrentVersion = 1;
}
