using System.Net;

namespace Lumina.Storage.Blobs.Azure;

/// <summary>
/// A Blob service request failed for good: the service refused it, or kept failing, or could not be reached.
/// The message names the operation, the container and blob, the HTTP status and the service's error code,
/// and says what to change.
/// </summary>
public sealed class BlobStorageException : IOException
{
    internal BlobStorageException(BlobTarget target, string message, HttpStatusCode? status, string? errorCode, Exception? inner = null)
        : base(message, inner)
    {
        Operation = target.Operation;
        Container = target.Container;
        BlobName = target.Blob;
        Status = status;
        ErrorCode = errorCode;
    }

    /// <summary>The REST operation, e.g. "Put Blob".</summary>
    public string Operation { get; }

    public string Container { get; }

    /// <summary>The blob the request was about, or null for container operations.</summary>
    public string? BlobName { get; }

    /// <summary>The last HTTP status, or null when no response came.</summary>
    public HttpStatusCode? Status { get; }

    /// <summary>The service's error code (e.g. ContainerNotFound), when it sent one.</summary>
    public string? ErrorCode { get; }
}

/// <summary>What a request is about, for messages.</summary>
internal sealed record BlobTarget(string Operation, string Container, string? Blob = null)
{
    public override string ToString() => Blob is null ? $"{Operation} for container '{Container}'" : $"{Operation} of '{Blob}' in container '{Container}'";
}
