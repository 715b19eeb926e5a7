namespace Lumina.Core.Duplicates;

/// <summary>
/// Images that are copies of one another, the best of them to keep, and every member (the best first, then
/// by distance and id).
/// </summary>
public sealed record DuplicateGroup(long BestId, IReadOnlyList<DuplicateMember> Members);

/// <summary>
/// One image of a <see cref="DuplicateGroup"/>: its variant-aware dHash distance to the best image (0 for
/// the best image and its exact copies), whether it is byte for byte the best image (same SHA-256), and why
/// the best image is kept rather than this one (for the best image itself: rather than the runner-up).
/// </summary>
public sealed record DuplicateMember(long Id, int Distance, bool ExactCopy, string BestReason);
