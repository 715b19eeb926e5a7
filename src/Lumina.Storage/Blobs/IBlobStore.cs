namespace Lumina.Storage.Blobs;

/// <summary>
/// A flat namespace of blobs addressed by '/'-separated names relative to the store's root:
/// a local folder or an Azure Blob Storage container (optionally below a prefix). Every part that
/// reads originals or writes derived content goes through this interface.
/// </summary>
public interface IBlobStore
{
    /// <summary>Human-readable location for messages, e.g. "folder /photos" or "blob http://127.0.0.1:10000/devstoreaccount1/photos".</summary>
    string Location { get; }

    /// <summary>Every blob whose name starts with <paramref name="prefix"/> ("" for all), in name order.</summary>
    IAsyncEnumerable<BlobInfo> ListAsync(string prefix, CancellationToken ct);

    /// <summary>The blob's properties, or null when it does not exist.</summary>
    Task<BlobInfo?> GetPropertiesAsync(string name, CancellationToken ct);

    /// <summary>The whole content. Throws <see cref="BlobNotFoundException"/> when the blob does not exist.</summary>
    Task<byte[]> ReadAllBytesAsync(string name, CancellationToken ct);

    /// <summary>A stream over the content. Throws <see cref="BlobNotFoundException"/> when the blob does not exist.</summary>
    Task<Stream> OpenReadAsync(string name, CancellationToken ct);

    /// <summary>Creates or replaces a blob with <paramref name="content"/>; readers never see a partial blob.</summary>
    Task<BlobInfo> PutAsync(string name, Stream content, string contentType, CancellationToken ct);

    /// <summary>Deletes the blob; true when it existed.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken ct);
}

/// <summary>What a listing or a properties call tells about one blob.</summary>
public sealed record BlobInfo(string Name, long Size, DateTimeOffset LastModified, string ETag);

/// <summary>The named blob does not exist (or vanished while being read).</summary>
public sealed class BlobNotFoundException(string location, string name)
    : IOException($"'{name}' was not found in {location}")
{
    public string Name { get; } = name;
}
