using DurableTask.Core;
using DurableTask.Core.History;
using Npgsql;

namespace Lumina.Durable.Postgres.Storage;

/// <summary>
/// Reads the rows of durabletask.claim_orchestration (also returned after a checkpoint's 'C' row):
/// kind, seq, instance_id, execution_id, event_type, data, payload_id, payload, event_time.
/// </summary>
internal static class ClaimRows
{
    public static async Task<OrchestrationClaim> ReadAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        string? instanceId = null, executionId = null;
        var lockedUntil = DateTime.MinValue;
        DateTime? nextReady = null;
        var messages = new List<TaskMessage>();
        var seqs = new List<long>();
        var payloads = new Dictionary<HistoryEvent, Guid>(ReferenceEqualityComparer.Instance);
        var history = new List<HistoryEvent>();
        while (await reader.ReadAsync(ct))
        {
            switch (reader.GetString(0))
            {
                case "I":
                    instanceId = reader.GetString(2);
                    executionId = reader.GetString(3);
                    lockedUntil = reader.GetDateTime(8);
                    break;
                case "E":
                    var message = new TaskMessage
                    {
                        SequenceNumber = reader.GetInt64(1),
                        Event = ReadEvent(reader),
                        OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = reader.NullableString(3) },
                    };
                    messages.Add(message);
                    seqs.Add(message.SequenceNumber);
                    if (!reader.IsDBNull(6))
                    {
                        payloads[message.Event] = reader.GetGuid(6);
                    }

                    break;
                case "H":
                    history.Add(ReadEvent(reader));
                    break;
                case "N":
                    nextReady = reader.NullableTime(8);
                    break;
                default:
                    throw new InvalidOperationException($"durabletask.claim_orchestration returned a row of unknown kind '{reader.GetString(0)}'");
            }
        }

        if (instanceId is null)
        {
            return new OrchestrationClaim(null, nextReady);
        }

        return new OrchestrationClaim(new ClaimedOrchestration
        {
            InstanceId = instanceId,
            ExecutionId = executionId!,
            LockedUntilUtc = lockedUntil,
            NewMessages = messages,
            OrchestrationRuntimeState = new OrchestrationRuntimeState(history),
            EventSeqs = seqs,
            EventPayloads = payloads,
        }, null);
    }

    private static HistoryEvent ReadEvent(NpgsqlDataReader reader) =>
        EventCodec.Decode(reader.GetString(4), reader.GetString(5), reader.NullableString(7));
}
