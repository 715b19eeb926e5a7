namespace Lumina.Storage.Catalog.Backups;

/// <summary>
/// The tables that hold a catalog's metadata, in the order a restore inserts them, each with the query
/// that selects the catalog's rows ({0} is the catalog id). Jobs are operational records, not metadata.
/// </summary>
internal static class BackupTables
{
    public static IReadOnlyList<(string Table, string Rows)> All { get; } =
    [
        ("images", "SELECT * FROM lumina.images WHERE catalog_id = '{0}' ORDER BY id"),
        ("image_steps", "SELECT s.* FROM lumina.image_steps s JOIN lumina.images i ON i.id = s.image_id WHERE i.catalog_id = '{0}' ORDER BY s.image_id, s.step"),
        ("raw_pairs", "SELECT * FROM lumina.raw_pairs WHERE catalog_id = '{0}' ORDER BY raw_image_id"),
        ("duplicate_groups", "SELECT * FROM lumina.duplicate_groups WHERE catalog_id = '{0}' ORDER BY id"),
        ("duplicate_members", "SELECT m.* FROM lumina.duplicate_members m JOIN lumina.duplicate_groups g ON g.id = m.group_id WHERE g.catalog_id = '{0}' ORDER BY m.group_id, m.image_id"),
        ("bursts", "SELECT * FROM lumina.bursts WHERE catalog_id = '{0}' ORDER BY id"),
        ("burst_members", "SELECT m.* FROM lumina.burst_members m JOIN lumina.bursts b ON b.id = m.burst_id WHERE b.catalog_id = '{0}' ORDER BY m.burst_id, m.image_id"),
        ("embeddings", "SELECT e.* FROM lumina.embeddings e JOIN lumina.images i ON i.id = e.image_id WHERE i.catalog_id = '{0}' ORDER BY e.image_id"),
        ("tags", "SELECT t.* FROM lumina.tags t JOIN lumina.images i ON i.id = t.image_id WHERE i.catalog_id = '{0}' ORDER BY t.image_id, t.tag, t.source"),
        ("catalog_phases", "SELECT * FROM lumina.catalog_phases WHERE catalog_id = '{0}' ORDER BY phase"),
        ("review_decisions", "SELECT * FROM lumina.review_decisions WHERE catalog_id = '{0}' ORDER BY id"),
    ];

    /// <summary>Tables newer than the first schema, with the schema version that added each: backups taken before it lack them.</summary>
    public static IReadOnlyDictionary<string, int> AddedInSchema { get; } = new Dictionary<string, int> { ["raw_pairs"] = 4, ["review_decisions"] = 10 };

    /// <summary>Tables whose ids come from an identity sequence that must stay ahead of restored ids.</summary>
    public static IReadOnlyList<string> WithIdentity { get; } = ["images", "duplicate_groups", "bursts", "review_decisions"];
}
