using System.Globalization;

namespace Lumina.Storage.Blobs.Azure;

/// <summary>A byte range of a blob: <paramref name="Length"/> bytes from <paramref name="Offset"/>, or to the end when Length is null.</summary>
public readonly record struct BlobRange(long Offset, long? Length = null)
{
    /// <summary>The x-ms-range header value, e.g. "bytes=100-199" or "bytes=100-".</summary>
    internal string ToHeader()
    {
        if (Offset < 0 || Length is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Length), $"A blob range needs Offset >= 0 and Length > 0 (got {Offset}, {Length})");
        }

        return Length is { } length
            ? string.Create(CultureInfo.InvariantCulture, $"bytes={Offset}-{Offset + length - 1}")
            : string.Create(CultureInfo.InvariantCulture, $"bytes={Offset}-");
    }
}
