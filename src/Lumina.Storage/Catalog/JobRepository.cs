using System.Text.Json;
using Lumina.Core.Pipeline;
using Lumina.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace Lumina.Storage.Catalog;

/// <summary>
/// A job of a catalog: the orchestration instance that runs it and its parameters; <see cref="StartedAt"/> is when
/// that instance was created (null while the job starts, or when its start was cut short).
/// </summary>
public sealed record JobRecord(string Id, Guid CatalogId, string Type, JsonElement Parameters, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt);

/// <summary>A batch of a job: its originals, and its result (JSON) once a run of the batch saved it.</summary>
public sealed record JobBatch(IReadOnlyList<OriginalFile> Images, string? Result);

/// <summary>The result (JSON) of a job's batch, saved with its images.</summary>
public sealed record JobBatchResult(string JobId, int Batch, string Result);

/// <summary>Records jobs, and the image lists of their batches (so orchestration histories stay small).</summary>
public sealed class JobRepository(SqlExecutor sql)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// Records a job; false when its catalog is gone or being deleted. The catalog row is share-locked, so a
    /// delete that marks the catalog either waits for this job to be recorded (and then sees it) or refuses it.
    /// </summary>
    public Task<bool> AddAsync(string id, Guid catalogId, string type, object parameters, CancellationToken ct) =>
        sql.RunAsync("record job", async (connection, token) =>
        {
            await using var cmd = new NpgsqlCommand(
                """
                INSERT INTO lumina.jobs (id, catalog_id, type, parameters)
                SELECT $1, c.id, $3, $4 FROM lumina.catalogs c WHERE c.id = $2 AND c.deleting_since IS NULL FOR SHARE
                ON CONFLICT (id) DO NOTHING
                """, connection);
            cmd.Parameters.Add(new() { Value = id });
            cmd.Parameters.Add(new() { Value = catalogId });
            cmd.Parameters.Add(new() { Value = type });
            cmd.Parameters.Add(new() { Value = JsonSerializer.Serialize(parameters, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
            return await cmd.ExecuteNonQueryAsync(token) == 1;
        }, ct);

    /// <summary>Records that the job's orchestration instance was created.</summary>
    public Task MarkStartedAsync(string id, CancellationToken ct) =>
        sql.RunAsync("mark job started", async (connection, token) =>
        {
            await using var cmd = new NpgsqlCommand("UPDATE lumina.jobs SET started_at = now() WHERE id = $1 AND started_at IS NULL", connection);
            cmd.Parameters.Add(new() { Value = id });
            return await cmd.ExecuteNonQueryAsync(token);
        }, ct);

    public async Task<JobRecord?> FindAsync(string id, CancellationToken ct) =>
        (await QueryAsync("WHERE id = $1", [id], 1, ct)).SingleOrDefault();

    /// <summary>The newest jobs first, optionally of one catalog and type.</summary>
    public Task<IReadOnlyList<JobRecord>> ListAsync(Guid? catalogId, string? type, int limit, CancellationToken ct) =>
        QueryAsync(
            "WHERE ($1::uuid IS NULL OR catalog_id = $1) AND ($2::text IS NULL OR type = $2)",
            [catalogId is { } c ? c : DBNull.Value, type is { } t ? t : DBNull.Value], limit, ct);

    /// <summary>Replaces a job's batches with <paramref name="batches"/> (one list of originals per batch).</summary>
    public Task WriteBatchesAsync(string jobId, IReadOnlyList<IReadOnlyList<OriginalFile>> batches, CancellationToken ct) =>
        sql.InTransactionAsync("write job batches", async (connection, tx, token) =>
        {
            await using (var clear = new NpgsqlCommand("DELETE FROM lumina.job_batches WHERE job_id = $1", connection, tx))
            {
                clear.Parameters.Add(new() { Value = jobId });
                await clear.ExecuteNonQueryAsync(token);
            }

            await using var import = await connection.BeginBinaryImportAsync("COPY lumina.job_batches (job_id, batch, images) FROM STDIN (FORMAT binary)", token);
            for (var i = 0; i < batches.Count; i++)
            {
                await import.StartRowAsync(token);
                await import.WriteAsync(jobId, NpgsqlDbType.Text, token);
                await import.WriteAsync(i, NpgsqlDbType.Integer, token);
                await import.WriteAsync(JsonSerializer.Serialize(batches[i], Json), NpgsqlDbType.Jsonb, token);
            }

            await import.CompleteAsync(token);
        }, ct);

    public Task<JobBatch> ReadBatchAsync(string jobId, int batch, CancellationToken ct) =>
        sql.RunAsync("read job batch", async (connection, token) =>
        {
            await using var cmd = new NpgsqlCommand("SELECT images::text, result::text FROM lumina.job_batches WHERE job_id = $1 AND batch = $2", connection);
            cmd.Parameters.Add(new() { Value = jobId });
            cmd.Parameters.Add(new() { Value = batch });
            var rows = await cmd.ReadAllAsync(r => new JobBatch(
                JsonSerializer.Deserialize<IReadOnlyList<OriginalFile>>(r.GetString(0), Json)!, r.IsDBNull(1) ? null : r.GetString(1)), token);
            return rows.SingleOrDefault() ?? throw new CatalogException($"job {jobId} has no batch {batch}");
        }, ct);

    public Task DeleteBatchesAsync(string jobId, CancellationToken ct) =>
        sql.RunAsync("delete job batches", async (connection, token) =>
        {
            await using var cmd = new NpgsqlCommand("DELETE FROM lumina.job_batches WHERE job_id = $1", connection);
            cmd.Parameters.Add(new() { Value = jobId });
            return await cmd.ExecuteNonQueryAsync(token);
        }, ct);

    private Task<IReadOnlyList<JobRecord>> QueryAsync(string where, object[] parameters, int limit, CancellationToken ct) =>
        sql.RunAsync("find jobs", async (connection, token) =>
        {
            await using var cmd = new NpgsqlCommand(
                $"SELECT id, catalog_id, type, parameters::text, created_at, started_at FROM lumina.jobs {where} ORDER BY created_at DESC, id LIMIT {limit}",
                connection);
            foreach (var p in parameters)
            {
                cmd.Parameters.Add(new() { Value = p });
            }

            return (IReadOnlyList<JobRecord>)await cmd.ReadAllAsync(r => new JobRecord(r.GetString(0), r.GetGuid(1), r.GetString(2),
                JsonDocument.Parse(r.GetString(3)).RootElement.Clone(), r.GetFieldValue<DateTimeOffset>(4),
                r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5)), token);
        }, ct);
}
