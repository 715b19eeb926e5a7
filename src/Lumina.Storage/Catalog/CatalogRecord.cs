namespace Lumina.Storage.Catalog;

/// <summary>Where a catalog's originals live: a local folder or a blob container.</summary>
public enum SourceKind
{
    Folder,
    Blob,
}

/// <summary>
/// A catalog: a named set of originals (<see cref="Source"/>) whose metadata Lumina keeps, and the
/// place (<see cref="Derived"/>) where thumbnails and previews go, never beside the originals.
/// </summary>
public sealed record CatalogRecord(Guid Id, string Name, SourceKind SourceKind, string Source, string Derived, DateTimeOffset CreatedAt);
