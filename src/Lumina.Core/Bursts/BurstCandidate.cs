using Lumina.Core.Picks;

namespace Lumina.Core.Bursts;

/// <summary>
/// What the burst detector reads of one image. <c>Camera</c> is a normalized camera identity (make, model
/// and serial as the caller chooses); <c>CaptureTime</c> the local wall-clock capture time from EXIF with its
/// sub-seconds, never a file time; <c>BurstUuid</c> Apple's BurstUUID; <c>SequenceNumber</c> a maker-note
/// frame counter (Canon, Fujifilm, Sony), above 0 inside a continuous-drive sequence; <c>Traits</c> what
/// choosing the best frame reads. Missing values are null.
/// </summary>
public sealed record BurstCandidate(
    long Id, string? Camera, DateTime? CaptureTime, string? Geohash, string? BurstUuid, int? SequenceNumber, PickTraits Traits);
