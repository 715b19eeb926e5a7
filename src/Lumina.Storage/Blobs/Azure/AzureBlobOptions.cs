namespace Lumina.Storage.Blobs.Azure;

/// <summary>How the blob client retries (through the SDK's retry policy), uploads and lists. The defaults suit both Azurite and Azure.</summary>
public sealed record AzureBlobOptions
{
    private const int MiB = 1024 * 1024;

    /// <summary>Attempts per request, the first included, for 408, 429, 5xx and dropped connections. Default 5.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Wait before the first retry; it doubles with each further one, with jitter; a longer Retry-After wins. Default 0.5 s.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait between two attempts. Default 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Time one attempt may take to send its request and receive the response headers, and the longest wait for each
    /// read of a response body, before the attempt is abandoned and retried. Default 30 s.
    /// </summary>
    public TimeSpan TryTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest blob uploaded by one Put Blob; larger ones go as blocks and a block list. Default 8 MiB, at least 1 byte, at most 256 MiB.</summary>
    public int SingleUploadLimit { get; init; } = 8 * MiB;

    /// <summary>Size of each block of a block upload (the service allows 50,000 blocks a blob). Default 4 MiB, at most 256 MiB.</summary>
    public int BlockSize { get; init; } = 4 * MiB;

    /// <summary>Blocks uploaded at the same time; memory held is about BlockSize times this. Default 4.</summary>
    public int MaxParallelBlocks { get; init; } = 4;

    /// <summary>Blobs asked for per List Blobs page. Default 5,000, the service's maximum.</summary>
    public int ListPageSize { get; init; } = 5000;

    internal AzureBlobOptions Validated()
    {
        Require(MaxAttempts >= 1, nameof(MaxAttempts), "must be at least 1");
        Require(InitialRetryDelay >= TimeSpan.Zero, nameof(InitialRetryDelay), "must not be negative");
        Require(MaxRetryDelay >= InitialRetryDelay, nameof(MaxRetryDelay), "must be at least InitialRetryDelay");
        Require(TryTimeout > TimeSpan.Zero, nameof(TryTimeout), "must be positive");
        Require(SingleUploadLimit is >= 1 and <= 256 * MiB, nameof(SingleUploadLimit), "must be between 1 byte and 256 MiB");
        Require(BlockSize is >= 1 and <= 256 * MiB, nameof(BlockSize), "must be between 1 byte and 256 MiB");
        Require(MaxParallelBlocks >= 1, nameof(MaxParallelBlocks), "must be at least 1");
        Require(ListPageSize is >= 1 and <= 5000, nameof(ListPageSize), "must be between 1 and 5,000");
        return this;
    }

    private static void Require(bool condition, string property, string rule)
    {
        if (!condition)
        {
            throw new ArgumentException($"AzureBlobOptions.{property} {rule}.", property);
        }
    }
}
