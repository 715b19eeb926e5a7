namespace Lumina.Storage.Blobs.Azure;

/// <summary>One page of a List Blobs answer: blobs in name order, and the marker of the next page (null on the last).</summary>
public sealed record BlobListPage(IReadOnlyList<AzureBlobProperties> Blobs, string? NextMarker);
