using Lumina.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace Lumina.Storage.Catalog;

/// <summary>What a person reviews: duplicate groups or bursts.</summary>
public enum ReviewKind
{
    Duplicates,
    Bursts,
}

/// <summary>Where a group or burst stands in id order, the next undecided one after it, its suggested keeper and its members (ascending).</summary>
public sealed record ReviewPosition(
    long GroupId, long Index, long Total, long First, long? Previous, long? Next, long Last, long? NextUndecided, long Suggested, IReadOnlyList<long> Members);

/// <summary>One member of a duplicate group as the review shows it, with the standing decision on it.</summary>
public sealed record DuplicateMember(
    long ImageId, string Path, string? Thumbnail, string? Preview, int? Width, int? Height, long FileSize, string? Format, short? JpegQuality,
    bool CameraExif, DateTime? TakenAt, bool Subseconds, int Distance, bool ExactCopy, bool Suggested, string? Reason, string? Decision);

/// <summary>One frame of a burst as the review shows it, with the standing decision on it and the choice it came from.</summary>
public sealed record BurstFrame(
    long ImageId, string Path, string? Thumbnail, string? Preview, DateTime? TakenAt, bool Subseconds, int? Width, int? Height,
    double? QualityScore, double? Sharpness, bool Best, string? Decision, string? Choice);

/// <summary>A burst's camera, time span and why its best frame was chosen.</summary>
public sealed record BurstSpan(string Camera, DateTime StartedAt, DateTime EndedAt, string? Reason);

/// <summary>An image a standing decision rejects and none keeps.</summary>
public sealed record RejectedImage(long Id, string Path, long FileSize);

/// <summary>
/// Review decisions on duplicate groups and bursts. A decision names its group by the members it had when it was
/// made, so it applies again to a re-detected group with the same members and stays as history when they change;
/// decisions are ended (replaced or undone), never deleted.
/// </summary>
public sealed class ReviewRepository(SqlExecutor sql)
{
    public static string Name(ReviewKind kind) => kind == ReviewKind.Duplicates ? "duplicates" : "bursts";

    /// <summary>The group's or burst's position, suggested keeper and members; null when the catalog has no such one.</summary>
    public async Task<ReviewPosition?> PositionAsync(Guid catalogId, ReviewKind kind, long groupId, CancellationToken ct) =>
        (await sql.ReadAsync("review_position", [catalogId, Name(kind), groupId], r => new ReviewPosition(
            groupId, r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), Long(r, 3), Long(r, 4), r.GetInt64(5), Long(r, 6), r.GetInt64(7),
            r.GetFieldValue<long[]>(8)), ct)).SingleOrDefault();

    /// <summary>Up to <paramref name="limit"/> group ids after <paramref name="after"/> in id order (only undecided ones when asked), each with whether it is decided.</summary>
    public Task<IReadOnlyList<(long GroupId, bool Decided)>> ListAsync(
        Guid catalogId, ReviewKind kind, long? after, int limit, bool undecidedOnly, CancellationToken ct) =>
        sql.ReadAsync("review_list", [catalogId, Name(kind), new NpgsqlParameter { Value = (object?)after ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint }, limit, undecidedOnly],
            r => (r.GetInt64(0), r.GetBoolean(1)), ct);

    /// <summary>How many groups (or bursts) the catalog has, and how many nobody decided yet.</summary>
    public async Task<(long Total, long Undecided)> CountsAsync(Guid catalogId, ReviewKind kind, CancellationToken ct) =>
        (await sql.ReadAsync("review_counts", [catalogId, Name(kind)], r => (r.GetInt64(0), r.GetInt64(1)), ct)).Single();

    public Task<IReadOnlyList<DuplicateMember>> DuplicateMembersAsync(Guid catalogId, long groupId, CancellationToken ct) =>
        sql.ReadAsync("duplicate_members", [catalogId, groupId], r => new DuplicateMember(
            r.GetInt64(0), r.GetString(1), Text(r, 2), Text(r, 3), Int(r, 4), Int(r, 5), r.GetInt64(6), Text(r, 7),
            r.IsDBNull(8) ? null : r.GetInt16(8), r.GetBoolean(9), r.IsDBNull(10) ? null : r.GetDateTime(10), !r.IsDBNull(11) && r.GetBoolean(11),
            r.GetInt32(12), r.GetBoolean(13), r.GetBoolean(14), Text(r, 15), Text(r, 16)), ct);

    /// <summary>The burst's span and its frames in time order; no frames when the catalog has no such burst.</summary>
    public async Task<(BurstSpan? Span, IReadOnlyList<BurstFrame> Frames)> BurstFramesAsync(Guid catalogId, long burstId, CancellationToken ct)
    {
        var rows = await sql.ReadAsync("burst_frames", [catalogId, burstId], r => (
            Frame: new BurstFrame(
                r.GetInt64(0), r.GetString(1), Text(r, 2), Text(r, 3), r.IsDBNull(4) ? null : r.GetDateTime(4), !r.IsDBNull(5) && r.GetBoolean(5),
                Int(r, 6), Int(r, 7), r.IsDBNull(8) ? null : r.GetDouble(8), r.IsDBNull(9) ? null : r.GetDouble(9), r.GetBoolean(10), Text(r, 11), Text(r, 12)),
            Span: new BurstSpan(r.GetString(13), r.GetDateTime(14), r.GetDateTime(15), Text(r, 16))), ct);
        return (rows.Count == 0 ? null : rows[0].Span, [.. rows.Select(r => r.Frame)]);
    }

    /// <summary>
    /// Records decisions (image id: keep or reject) on the group's or burst's members under a new action, replacing the
    /// standing ones on those images (on every member when <paramref name="replaceAll"/>); <paramref name="choice"/> is a
    /// burst's keep-best, keep-all or pick. Returns the action.
    /// </summary>
    public Task<Guid> DecideAsync(
        Guid catalogId, ReviewKind kind, long groupId, IReadOnlyDictionary<long, string> decisions, string? choice, bool replaceAll, CancellationToken ct) =>
        sql.InTransactionAsync("record review decisions", async (connection, tx, token) =>
        {
            var members = await LockMembersAsync(connection, tx, catalogId, kind, groupId, token);
            if (decisions.Keys.FirstOrDefault(id => !members.Contains(id)) is var stranger and not 0)
            {
                throw new CatalogException($"image {stranger} is not a member of {Describe(kind, groupId)} (its members: {string.Join(", ", members)})");
            }

            var action = Guid.CreateVersion7();
            await using (var end = CatalogQueries.Command(connection, tx, "review_end", catalogId, Name(kind), members,
                new NpgsqlParameter { Value = replaceAll ? DBNull.Value : decisions.Keys.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint }, "replaced"))
            {
                await end.ExecuteNonQueryAsync(token);
            }

            await using var record = CatalogQueries.Command(connection, tx, "review_record", catalogId, Name(kind), members,
                decisions.Keys.ToArray(), decisions.Values.ToArray(), new NpgsqlParameter { Value = (object?)choice ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text }, action);
            await record.ExecuteNonQueryAsync(token);
            return action;
        }, ct);

    /// <summary>Undoes every standing decision on the group or burst; returns how many.</summary>
    public Task<int> ClearAsync(Guid catalogId, ReviewKind kind, long groupId, CancellationToken ct) =>
        sql.InTransactionAsync("undo review decisions", async (connection, tx, token) =>
        {
            var members = await LockMembersAsync(connection, tx, catalogId, kind, groupId, token);
            await using var end = CatalogQueries.Command(connection, tx, "review_end", catalogId, Name(kind), members,
                new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint }, "undone");
            return (int)(await end.ExecuteScalarAsync(token))!;
        }, ct);

    /// <summary>Keeps the suggested member and rejects the others in every group (or burst) nobody decided, under one action; returns how many groups and the action.</summary>
    public Task<(int Groups, Guid Action)> AcceptSuggestionsAsync(Guid catalogId, ReviewKind kind, CancellationToken ct) =>
        sql.InTransactionAsync("accept suggestions", async (connection, tx, token) =>
        {
            await LockKindAsync(connection, tx, catalogId, kind, token);
            var action = Guid.CreateVersion7();
            await using var accept = CatalogQueries.Command(connection, tx, "review_accept", catalogId, Name(kind), action);
            return ((int)(await accept.ExecuteScalarAsync(token))!, action);
        }, ct);

    /// <summary>Undoes the decisions of an action that still stand; returns how many.</summary>
    public async Task<int> UndoActionAsync(Guid catalogId, Guid action, CancellationToken ct) =>
        (await sql.ReadAsync("review_undo_action", [catalogId, action], r => r.GetInt32(0), ct)).Single();

    /// <summary>The present images a standing decision on a current group or burst rejects and none keeps, in path order.</summary>
    public Task<IReadOnlyList<RejectedImage>> RejectedAsync(Guid catalogId, CancellationToken ct) =>
        sql.ReadAsync("rejected_images", [catalogId], r => new RejectedImage(r.GetInt64(0), r.GetString(1), r.GetInt64(2)), ct);

    private static string Describe(ReviewKind kind, long groupId) => kind == ReviewKind.Duplicates ? $"duplicate group {groupId}" : $"burst {groupId}";

    /// <summary>
    /// Decisions on a catalog's groups (or bursts) are written one transaction at a time, so that an accept of every
    /// suggestion and a decision on one group never both record a standing decision on the same member.
    /// </summary>
    private static async Task LockKindAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid catalogId, ReviewKind kind, CancellationToken ct)
    {
        await using var guard = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", connection, tx);
        guard.Parameters.Add(new() { Value = $"review:{catalogId}:{Name(kind)}" });
        await guard.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Takes the catalog's decision lock (<see cref="LockKindAsync"/>) and returns the group's (or burst's) members; not found when the catalog has no such one.</summary>
    private static async Task<long[]> LockMembersAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, Guid catalogId, ReviewKind kind, long groupId, CancellationToken ct)
    {
        await LockKindAsync(connection, tx, catalogId, kind, ct);
        var table = kind == ReviewKind.Duplicates ? "duplicate_groups" : "bursts";
        await using var cmd = new NpgsqlCommand(
            $"SELECT lumina.group_members($3, id) FROM lumina.{table} WHERE catalog_id = $1 AND id = $2", connection, tx);
        cmd.Parameters.Add(new() { Value = catalogId });
        cmd.Parameters.Add(new() { Value = groupId });
        cmd.Parameters.Add(new() { Value = Name(kind) });
        return await cmd.ExecuteScalarAsync(ct) is long[] members
            ? members
            : throw new CatalogException($"the catalog has no {Describe(kind, groupId)}", CatalogFault.NotFound);
    }

    private static long? Long(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    private static int? Int(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt32(i);

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
