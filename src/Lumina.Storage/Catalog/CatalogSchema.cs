using Lumina.Postgres;

namespace Lumina.Storage.Catalog;

/// <summary>The catalog store's versioned SQL (schema <c>lumina</c>).</summary>
public static class CatalogSchema
{
    public static SchemaScripts Scripts { get; } = new("catalog", typeof(CatalogSchema).Assembly);
}
