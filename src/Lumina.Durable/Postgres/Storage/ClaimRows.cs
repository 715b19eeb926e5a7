using DurableTask.Core;
using DurableTask.Core.History;
using Npgsql;

namespace Lumina.Durable.Postgres.Storage;

/// <summary>
/// Reads the rows of durabletask.claim_orchestration (also returned after a checkpoint's 'C' row) and of
/// durabletask.fetch_session_events: kind, seq, instance_id, execution_id, event_type, data, payload_id,
/// payload, event_time.
/// </summary>
internal static class ClaimRows
{
    public static async Task<OrchestrationClaim> ReadAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var rows = await ReadRowsAsync(reader, ct);
        if (rows.InstanceId is null)
        {
            return new OrchestrationClaim(null, rows.NextReady);
        }

        return new OrchestrationClaim(new ClaimedOrchestration
        {
            InstanceId = rows.InstanceId,
            ExecutionId = rows.ExecutionId!,
            LockedUntilUtc = rows.LockedUntil,
            NewMessages = rows.Messages,
            OrchestrationRuntimeState = new OrchestrationRuntimeState(rows.History),
            EventSeqs = rows.Seqs,
            EventPayloads = rows.Payloads,
        }, null);
    }

    /// <summary>The rows of durabletask.fetch_session_events; null when the lock was lost.</summary>
    public static async Task<SessionBatch?> ReadSessionAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var rows = await ReadRowsAsync(reader, ct);
        return rows.InstanceId is null ? null : new SessionBatch(rows.ExecutionId!, rows.LockedUntil, rows.Messages, rows.Seqs, rows.Payloads);
    }

    private static async Task<Rows> ReadRowsAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var rows = new Rows();
        while (await reader.ReadAsync(ct))
        {
            switch (reader.GetString(0))
            {
                case "I":
                    rows.InstanceId = reader.GetString(2);
                    rows.ExecutionId = reader.GetString(3);
                    rows.LockedUntil = reader.GetDateTime(8);
                    break;
                case "E":
                    var message = new TaskMessage
                    {
                        SequenceNumber = reader.GetInt64(1),
                        Event = ReadEvent(reader),
                        OrchestrationInstance = new OrchestrationInstance { InstanceId = rows.InstanceId, ExecutionId = reader.NullableString(3) },
                    };
                    rows.Messages.Add(message);
                    rows.Seqs.Add(message.SequenceNumber);
                    if (!reader.IsDBNull(6))
                    {
                        rows.Payloads[message.Event] = reader.GetGuid(6);
                    }

                    break;
                case "H":
                    rows.History.Add(ReadEvent(reader));
                    break;
                case "N":
                    rows.NextReady = reader.NullableTime(8);
                    break;
                default:
                    throw new InvalidOperationException($"the task hub returned a claim row of unknown kind '{reader.GetString(0)}'");
            }
        }

        return rows;
    }

    private static HistoryEvent ReadEvent(NpgsqlDataReader reader) =>
        EventCodec.Decode(reader.GetString(4), reader.GetString(5), reader.NullableString(7));

    private sealed class Rows
    {
        public string? InstanceId { get; set; }

        public string? ExecutionId { get; set; }

        public DateTime LockedUntil { get; set; }

        public DateTime? NextReady { get; set; }

        public List<TaskMessage> Messages { get; } = [];

        public List<long> Seqs { get; } = [];

        public Dictionary<HistoryEvent, Guid> Payloads { get; } = new(ReferenceEqualityComparer.Instance);

        public List<HistoryEvent> History { get; } = [];
    }
}
