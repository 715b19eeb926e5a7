using System.Collections.Concurrent;
using System.Reflection;

namespace Lumina.Postgres;

/// <summary>Reads query text kept in embedded <c>Sql/Queries/*.sql</c> files of an assembly.</summary>
public static class EmbeddedSql
{
    private static readonly ConcurrentDictionary<(Assembly, string), string> Cache = new();

    public static string Query(Assembly assembly, string name) => Cache.GetOrAdd((assembly, name), key =>
    {
        var resource = $"{key.Item1.GetName().Name}.Sql.Queries.{key.Item2}.sql";
        using var stream = key.Item1.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded SQL {resource} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });
}
