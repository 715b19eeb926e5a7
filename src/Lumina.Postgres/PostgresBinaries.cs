namespace Lumina.Postgres;

/// <summary>Finds the PostgreSQL server programs (initdb, pg_ctl, pg_dump).</summary>
public sealed class PostgresBinaries
{
    private readonly string _directory;

    private PostgresBinaries(string directory) => _directory = directory;

    public string Tool(string name) => Path.Combine(_directory, name);

    public static PostgresBinaries Locate(string? configured)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(Path.Combine(configured, "initdb"))
                ? new PostgresBinaries(configured)
                : throw new PostgresSetupException($"LUMINA_PG_BIN={configured} holds no initdb");
        }

        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            : Enumerable.Empty<string>();
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Where(d => File.Exists(Path.Combine(d, "initdb")));
        var found = candidates.Concat(onPath).FirstOrDefault();
        return found is not null
            ? new PostgresBinaries(found)
            : throw new PostgresSetupException(
                "PostgreSQL server programs (initdb, pg_ctl) were not found: install the Debian package 'postgresql' " +
                "(infra/local/install-deps.sh does), set LUMINA_PG_BIN to their folder, or set LUMINA_POSTGRES to a connection string.");
    }
}
