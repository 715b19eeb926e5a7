using Microsoft.Extensions.Logging;

namespace Lumina.Storage.Blobs.Azure;

/// <summary>Every log event of the Blob REST client. Targets name containers and blobs only: never keys, never SAS tokens.</summary>
internal static partial class BlobLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Target}: attempt {Attempt} failed ({Failure}); retrying in {DelayMs:F0} ms")]
    public static partial void Retrying(ILogger logger, BlobTarget target, int attempt, string failure, double delayMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Uploaded '{Blob}' to container '{Container}' as {Blocks} blocks ({Bytes} bytes)")]
    public static partial void UploadedBlocks(ILogger logger, string container, string blob, int blocks, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created container '{Container}' in account {Account}")]
    public static partial void CreatedContainer(ILogger logger, string container, string account);
}
