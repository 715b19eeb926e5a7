using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Lumina.Storage.Blobs.Azure;

/// <summary>One page of a List Blobs answer: blobs in name order, and the marker of the next page (null on the last).</summary>
public sealed record BlobListPage(IReadOnlyList<AzureBlobProperties> Blobs, string? NextMarker)
{
    internal static async Task<BlobListPage> ReadAsync(Stream xml, CancellationToken ct)
    {
        var settings = new XmlReaderSettings { Async = true, DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(xml, settings);
        var document = await XDocument.LoadAsync(reader, LoadOptions.None, ct);
        var root = document.Root ?? throw new InvalidDataException("List Blobs answered with an empty document");
        var blobs = root.Element("Blobs")?.Elements("Blob").Select(ReadBlob).ToList() ?? [];
        var next = (string?)root.Element("NextMarker");
        return new BlobListPage(blobs, string.IsNullOrEmpty(next) ? null : next);
    }

    private static AzureBlobProperties ReadBlob(XElement blob)
    {
        var nameElement = blob.Element("Name") ?? throw new InvalidDataException("List Blobs answered with a blob without a name");
        // Names with characters XML cannot carry come percent-encoded, flagged Encoded="true".
        var name = (string?)nameElement.Attribute("Encoded") == "true" ? Uri.UnescapeDataString(nameElement.Value) : nameElement.Value;
        var properties = blob.Element("Properties");
        var metadata = blob.Element("Metadata")?.Elements()
            .ToDictionary(e => e.Name.LocalName, e => e.Value, StringComparer.OrdinalIgnoreCase)
            ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        return new AzureBlobProperties(
            name,
            long.Parse((string?)properties?.Element("Content-Length") ?? "0", CultureInfo.InvariantCulture),
            properties?.Element("Last-Modified") is { } modified ? AzureBlobProperties.ParseHttpDate(modified.Value) : DateTimeOffset.MinValue,
            AzureBlobProperties.QuoteETag((string?)properties?.Element("Etag") ?? ""),
            (string?)properties?.Element("Content-Type") is { Length: > 0 } type ? type : null,
            metadata);
    }
}
