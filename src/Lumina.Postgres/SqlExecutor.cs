using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lumina.Postgres;

/// <summary>
/// The one way Lumina talks to PostgreSQL: opens a connection from the process's data source,
/// retries only errors known to be transient, logs slow calls, and surfaces cancellation as
/// <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class SqlExecutor(NpgsqlDataSource dataSource, ILogger<SqlExecutor> logger)
{
    private const int MaxAttempts = 5;
    private static readonly TimeSpan SlowCall = TimeSpan.FromSeconds(2);

    public NpgsqlDataSource DataSource => dataSource;

    public Task<T> RunAsync<T>(string operation, Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken ct) =>
        WithRetriesAsync(operation, async token =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(token);
            return await work(connection, token);
        }, ct);

    public Task<T> InTransactionAsync<T>(
        string operation, Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> work, CancellationToken ct) =>
        WithRetriesAsync(operation, async token =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(token);
            await using var tx = await connection.BeginTransactionAsync(token);
            var result = await work(connection, tx, token);
            await tx.CommitAsync(token);
            return result;
        }, ct);

    public Task InTransactionAsync(
        string operation, Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task> work, CancellationToken ct) =>
        InTransactionAsync<bool>(operation, async (c, t, token) =>
        {
            await work(c, t, token);
            return true;
        }, ct);

    private async Task<T> WithRetriesAsync<T>(string operation, Func<CancellationToken, Task<T>> attempt, CancellationToken ct)
    {
        for (var attemptNumber = 1; ; attemptNumber++)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                var result = await attempt(ct);
                if (watch.Elapsed > SlowCall)
                {
                    SqlLog.Slow(logger, operation, watch.Elapsed.TotalMilliseconds);
                }

                return result;
            }
            catch (Exception e) when (ct.IsCancellationRequested && e is not OperationCanceledException)
            {
                throw new OperationCanceledException($"{operation} was cancelled", e, ct);
            }
            catch (Exception e) when (attemptNumber < MaxAttempts && TransientErrors.IsTransient(e))
            {
                var delay = TimeSpan.FromMilliseconds(50 * Math.Pow(3, attemptNumber - 1) * (0.5 + Random.Shared.NextDouble()));
                SqlLog.Retrying(logger, operation, attemptNumber, delay.TotalMilliseconds, e.Message);
                await Task.Delay(delay, ct);
            }
        }
    }
}

/// <summary>PostgreSQL errors worth retrying: the same call can succeed a moment later.</summary>
public static class TransientErrors
{
    private static readonly HashSet<string> SqlStates =
    [
        PostgresErrorCodes.SerializationFailure,
        PostgresErrorCodes.DeadlockDetected,
        PostgresErrorCodes.TooManyConnections,
        PostgresErrorCodes.CannotConnectNow,
        PostgresErrorCodes.AdminShutdown,
        PostgresErrorCodes.ConnectionException,
        PostgresErrorCodes.ConnectionDoesNotExist,
        PostgresErrorCodes.ConnectionFailure,
        PostgresErrorCodes.SqlClientUnableToEstablishSqlConnection,
        PostgresErrorCodes.LockNotAvailable,
    ];

    public static bool IsTransient(Exception e) => e switch
    {
        PostgresException pg => SqlStates.Contains(pg.SqlState),
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };
}

internal static partial class SqlLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Operation} took {Milliseconds:F0} ms")]
    public static partial void Slow(ILogger logger, string operation, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Operation} failed on attempt {Attempt} ({Error}); retrying in {DelayMs:F0} ms")]
    public static partial void Retrying(ILogger logger, string operation, int attempt, double delayMs, string error);
}
