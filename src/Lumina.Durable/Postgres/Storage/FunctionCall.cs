using Npgsql;
using NpgsqlTypes;

namespace Lumina.Durable.Postgres.Storage;

/// <summary>A call of one of the task hub's SQL functions with typed positional parameters ($1, $2, ...).</summary>
internal static class FunctionCall
{
    public static NpgsqlCommand Call(this NpgsqlConnection connection, string sql) => new(sql, connection);

    /// <summary>
    /// Prepares the call on its physical connection, where Npgsql keeps it across pooling: the next call
    /// with the same text skips parsing and planning.
    /// </summary>
    public static async Task<NpgsqlCommand> PreparedAsync(this NpgsqlCommand command, CancellationToken ct)
    {
        await command.PrepareAsync(ct);
        return command;
    }

    public static NpgsqlCommand Text(this NpgsqlCommand command, string? value) => command.With(value, NpgsqlDbType.Text);

    public static NpgsqlCommand Int(this NpgsqlCommand command, int value) => command.With(value, NpgsqlDbType.Integer);

    public static NpgsqlCommand Long(this NpgsqlCommand command, long value) => command.With(value, NpgsqlDbType.Bigint);

    public static NpgsqlCommand Bool(this NpgsqlCommand command, bool value) => command.With(value, NpgsqlDbType.Boolean);

    public static NpgsqlCommand Uuid(this NpgsqlCommand command, Guid? value) => command.With(value, NpgsqlDbType.Uuid);

    public static NpgsqlCommand Time(this NpgsqlCommand command, DateTime? value) =>
        command.With(value is { } v ? Utc(v) : null, NpgsqlDbType.TimestampTz);

    public static NpgsqlCommand Interval(this NpgsqlCommand command, TimeSpan value) => command.With(value, NpgsqlDbType.Interval);

    public static NpgsqlCommand Array<T>(this NpgsqlCommand command, IReadOnlyCollection<T>? values, NpgsqlDbType elementType) =>
        command.With(values?.ToArray(), NpgsqlDbType.Array | elementType);

    public static NpgsqlCommand Times(this NpgsqlCommand command, IReadOnlyCollection<DateTime?> values) =>
        command.With(values.Select(v => v is { } t ? Utc(t) : (DateTime?)null).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz);

    /// <summary>DurableTask.Core's times are UTC, but some arrive unspecified; PostgreSQL's timestamptz wants UTC.</summary>
    public static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    public static string? NullableString(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateTime? NullableTime(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDateTime(ordinal);

    private static NpgsqlCommand With(this NpgsqlCommand command, object? value, NpgsqlDbType type)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = type });
        return command;
    }
}
