namespace Lumina.Postgres;

/// <summary>The private PostgreSQL cluster could not be found, created or started.</summary>
public sealed class PostgresSetupException(string message) : Exception(message);
