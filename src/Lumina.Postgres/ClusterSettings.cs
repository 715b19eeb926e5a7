namespace Lumina.Postgres;

/// <summary>How a private cluster is created and started.</summary>
public sealed record ClusterSettings
{
    /// <summary>Folder holding initdb, pg_ctl and postgres. Default: the newest /usr/lib/postgresql/*/bin, then PATH.</summary>
    public string? BinDirectory { get; init; }

    /// <summary>Server max_connections. Default 200.</summary>
    public int MaxConnections { get; init; } = 200;

    /// <summary>
    /// True (default) keeps PostgreSQL's crash safety. False turns off fsync and synchronous commit,
    /// for throwaway test clusters only.
    /// </summary>
    public bool Durable { get; init; } = true;
}
