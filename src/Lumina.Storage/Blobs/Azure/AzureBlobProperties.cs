using Azure;
using Azure.Storage.Blobs.Models;

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

    internal static AzureBlobProperties From(BlobItem item) => new(
        item.Name,
        item.Properties.ContentLength ?? 0,
        item.Properties.LastModified ?? DateTimeOffset.MinValue,
        Quoted(item.Properties.ETag),
        item.Properties.ContentType is { Length: > 0 } type ? type : null,
        Copy(item.Metadata));

    internal static AzureBlobProperties From(string name, BlobProperties properties) => new(
        name, properties.ContentLength, properties.LastModified, Quoted(properties.ETag), properties.ContentType, Copy(properties.Metadata));

    /// <summary>Listings give the ETag bare (0x8D...); headers give it quoted.</summary>
    internal static string Quoted(ETag? etag) => etag?.ToString("H") ?? "";

    internal static Dictionary<string, string> Copy(IDictionary<string, string>? metadata) =>
        new(metadata ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
}
