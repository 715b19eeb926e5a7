using Azure;

namespace Lumina.Storage.Blobs.Azure;

/// <summary>A byte range of a blob: <paramref name="Length"/> bytes from <paramref name="Offset"/>, or to the end when Length is null.</summary>
public readonly record struct BlobRange(long Offset, long? Length = null)
{
    internal HttpRange ToHttpRange() =>
        Offset < 0 || Length is <= 0
            ? throw new ArgumentOutOfRangeException(nameof(Length), $"A blob range needs Offset >= 0 and Length > 0 (got {Offset}, {Length})")
            : new HttpRange(Offset, Length);
}
