using System.Reflection;
using System.Text.RegularExpressions;

namespace Lumina.Postgres;

/// <summary>
/// A component's SQL, embedded as resources under a folder of its assembly (<c>Sql/</c> unless told
/// otherwise): versioned schema scripts <c>Sql/Migrations/NNNN_name.sql</c> (never edited once released)
/// and an optional re-runnable <c>Sql/Functions.sql</c> (CREATE OR REPLACE) applied after them on every migration.
/// </summary>
public sealed partial class SchemaScripts
{
    private readonly Assembly _assembly;
    private readonly string _folder;

    /// <param name="folder">The scripts' folder in the project, '/'-separated (default <c>Sql</c>).</param>
    public SchemaScripts(string component, Assembly assembly, string folder = "Sql")
    {
        Component = component;
        _assembly = assembly;
        _folder = $"{assembly.GetName().Name}.{folder.Replace('/', '.')}";
        var prefix = _folder + ".Migrations.";
        Migrations = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (Resource: n, Match: MigrationName().Match(n[prefix.Length..])))
            .Select(x => x.Match.Success
                ? new Migration(int.Parse(x.Match.Groups[1].Value), x.Match.Groups[2].Value, x.Resource)
                : throw new InvalidOperationException($"migration resource {x.Resource} is not named NNNN_name.sql"))
            .OrderBy(m => m.Version)
            .ToList();
    }

    /// <summary>Name under which applied versions are recorded; also the advisory lock key.</summary>
    public string Component { get; }

    public IReadOnlyList<Migration> Migrations { get; }

    public string? Functions => TryRead(_folder + ".Functions.sql");

    public string Read(Migration migration) => TryRead(migration.Resource)!;

    private string? TryRead(string resource)
    {
        using var stream = _assembly.GetManifestResourceStream(resource);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public sealed record Migration(int Version, string Name, string Resource);

    [GeneratedRegex(@"^(\d{4})_([A-Za-z0-9_]+)\.sql$")]
    private static partial Regex MigrationName();
}
