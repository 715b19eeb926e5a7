namespace Lumina.Storage.Catalog;

/// <summary>An original that could not be read at all; earlier metadata of the image is kept.</summary>
public sealed record ReadFailure(string Path, long FileSize, DateTimeOffset FileModified, string? Etag, string Error);
