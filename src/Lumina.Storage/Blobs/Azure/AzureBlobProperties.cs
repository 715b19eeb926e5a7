using System.Globalization;

namespace Lumina.Storage.Blobs.Azure;

/// <summary>What the service tells about one blob. <see cref="ETag"/> is quoted, as in HTTP headers.</summary>
public sealed record AzureBlobProperties(
    string Name,
    long Size,
    DateTimeOffset LastModified,
    string ETag,
    string? ContentType,
    IReadOnlyDictionary<string, string> Metadata)
{
    public BlobInfo ToBlobInfo(string name) => new(name, Size, LastModified, ETag);

    internal static AzureBlobProperties FromHeaders(string name, long size, HttpResponseMessage response)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (header, values) in response.Headers.NonValidated)
        {
            if (header.StartsWith(BlobMetadata.HeaderPrefix, StringComparison.OrdinalIgnoreCase))
            {
                metadata[header[BlobMetadata.HeaderPrefix.Length..]] = values.ToString();
            }
        }

        return new AzureBlobProperties(
            name,
            size,
            response.Content.Headers.LastModified ?? DateTimeOffset.MinValue,
            response.Headers.ETag?.ToString() ?? "",
            response.Content.Headers.ContentType?.ToString(),
            metadata);
    }

    /// <summary>Listings give the ETag bare (0x8D...); headers give it quoted.</summary>
    internal static string QuoteETag(string etag) => etag.StartsWith('"') ? etag : $"\"{etag}\"";

    internal static DateTimeOffset ParseHttpDate(string text) =>
        DateTimeOffset.ParseExact(text, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
