using Microsoft.Extensions.Logging;

namespace Lumina.Storage.Blobs.Azure;

/// <summary>Every log event of the blob client. Events name containers and blobs only: never keys, never SAS tokens.</summary>
internal static partial class BlobLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path}: attempt {Attempt} failed ({Failure})")]
    public static partial void AttemptFailed(ILogger logger, string method, string path, int attempt, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created container '{Container}' in account {Account}")]
    public static partial void CreatedContainer(ILogger logger, string container, string account);
}
