using Lumina.Postgres;
using Npgsql;

namespace Lumina.Storage.Catalog;

/// <summary>The catalog's embedded queries (<c>Sql/Queries/*.sql</c>) as commands, and their rows.</summary>
internal static class CatalogQueries
{
    private static readonly System.Reflection.Assembly Assembly = typeof(CatalogQueries).Assembly;

    /// <summary>The query <paramref name="name"/> with positional parameters (an <see cref="NpgsqlParameter"/> is taken as it is).</summary>
    public static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? tx, string name, params object[] parameters)
    {
        var command = new NpgsqlCommand(EmbeddedSql.Query(Assembly, name), connection, tx);
        foreach (var p in parameters)
        {
            command.Parameters.Add(p as NpgsqlParameter ?? new NpgsqlParameter { Value = p });
        }

        return command;
    }

    /// <summary>Every row of the command's result, each read by <paramref name="read"/>.</summary>
    public static async Task<List<T>> ReadAllAsync<T>(this NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>Runs the query <paramref name="name"/> on a connection of its own (with the executor's retries) and reads its rows.</summary>
    public static Task<IReadOnlyList<T>> ReadAsync<T>(
        this SqlExecutor sql, string name, object[] parameters, Func<NpgsqlDataReader, T> read, CancellationToken ct) =>
        sql.RunAsync(name, async (connection, token) =>
        {
            await using var command = Command(connection, null, name, parameters);
            return (IReadOnlyList<T>)await command.ReadAllAsync(read, token);
        }, ct);

    /// <summary>Runs the statement <paramref name="name"/> on a connection of its own (with the executor's retries); returns the rows it changed.</summary>
    public static Task<int> ExecuteAsync(this SqlExecutor sql, string name, object[] parameters, CancellationToken ct) =>
        sql.RunAsync(name, async (connection, token) =>
        {
            await using var command = Command(connection, null, name, parameters);
            return await command.ExecuteNonQueryAsync(token);
        }, ct);
}
