using Npgsql;
using NpgsqlTypes;

namespace Lumina.Durable.Storage;

/// <summary>Typed positional parameters ($1, $2, ...) and preparation for calls of the durable functions.</summary>
internal static class SqlParameters
{
    public static NpgsqlCommand Call(this NpgsqlConnection connection, string sql) => new(sql, connection);

    /// <summary>
    /// Prepares the call on its physical connection, where Npgsql keeps it across pooling: the next call
    /// with the same text skips parsing and planning, whatever the app's connection string says.
    /// </summary>
    public static async Task<NpgsqlCommand> PreparedAsync(this NpgsqlCommand command, CancellationToken ct)
    {
        await command.PrepareAsync(ct);
        return command;
    }

    public static NpgsqlCommand Text(this NpgsqlCommand command, string? value) => command.With(value, NpgsqlDbType.Text);

    public static NpgsqlCommand Int(this NpgsqlCommand command, int? value) => command.With(value, NpgsqlDbType.Integer);

    public static NpgsqlCommand Bool(this NpgsqlCommand command, bool value) => command.With(value, NpgsqlDbType.Boolean);

    public static NpgsqlCommand Uuid(this NpgsqlCommand command, Guid? value) => command.With(value, NpgsqlDbType.Uuid);

    public static NpgsqlCommand Time(this NpgsqlCommand command, DateTime? value) => command.With(value, NpgsqlDbType.TimestampTz);

    public static NpgsqlCommand Interval(this NpgsqlCommand command, TimeSpan value) => command.With(value, NpgsqlDbType.Interval);

    public static NpgsqlCommand Array<T>(this NpgsqlCommand command, IReadOnlyCollection<T>? values, NpgsqlDbType elementType) =>
        command.With(values?.ToArray(), NpgsqlDbType.Array | elementType);

    private static NpgsqlCommand With(this NpgsqlCommand command, object? value, NpgsqlDbType type)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = type });
        return command;
    }
}
