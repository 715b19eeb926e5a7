using System.Net;
using Azure;
using Azure.Identity;

namespace Lumina.Storage.Blobs.Azure;

/// <summary>
/// The one place that turns the SDK's failures (<see cref="RequestFailedException"/> by status and error code, the
/// retry policy's <see cref="AggregateException"/> of network failures, timeouts, identity failures) into
/// <see cref="BlobStorageException"/>s that say what to change.
/// </summary>
internal static class BlobErrors
{
    /// <summary>The mapped error, or null for a failure that is not the service's or the network's (it then propagates as it is).</summary>
    public static BlobStorageException? From(Exception error, BlobTarget target, StorageConnection connection, AzureBlobOptions options) => error switch
    {
        RequestFailedException { Status: > 0 } refused => Refused(refused, target, connection, options),
        AggregateException retried when retried.InnerExceptions.Count > 0 =>
            Unreachable(target, retried.InnerExceptions[^1], connection, $"gave up after {Attempts(retried.InnerExceptions.Count)}", retried),
        RequestFailedException or OperationCanceledException or IOException => Unreachable(target, error, connection, "gave up after 1 attempt", error),
        AuthenticationFailedException identity => new BlobStorageException(target,
            $"{target} failed: no Azure identity could sign in for {connection.BaseAddress}: sign in with 'az login', set AZURE_TENANT_ID, "
            + "AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or run with a managed identity that holds a Storage Blob Data role; "
            + $"or use a connection string or SAS URL instead ({identity.Message.Split('\n')[0].Trim()})",
            status: null, errorCode: null, identity),
        _ => null,
    };

    private static BlobStorageException Refused(RequestFailedException error, BlobTarget target, StorageConnection connection, AzureBlobOptions options)
    {
        var status = (HttpStatusCode)error.Status;
        var code = error.ErrorCode;
        var explanation = Explain(target, status, code, connection)
            ?? (IsRetriable(error.Status) ? $"the service kept failing; gave up after {Attempts(options.MaxAttempts)}" : null)
            ?? FirstLine(error.Message);
        var message = $"{target} failed: {explanation} (HTTP {error.Status}{(code is null ? "" : ", " + code)})";
        return new BlobStorageException(target, message, status, code, error);
    }

    private static BlobStorageException Unreachable(BlobTarget target, Exception last, StorageConnection connection, string gaveUp, Exception inner)
    {
        var cause = last.InnerException ?? last;
        var reason = (last, cause) switch
        {
            (_, HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError }) =>
                $"the host {connection.ServiceUri.Host} does not resolve: check AccountName, EndpointSuffix or BlobEndpoint",
            (OperationCanceledException, _) => $"{connection.BaseAddress} did not answer in time ({FirstLine(last.Message)})",
            _ => $"could not reach {connection.BaseAddress} ({FirstLine(cause.Message)})",
        };
        return new BlobStorageException(target, $"{target} failed: {reason}; {gaveUp}", status: null, errorCode: null, inner);
    }

    private static string? Explain(BlobTarget target, HttpStatusCode status, string? code, StorageConnection connection) => code switch
    {
        "ContainerNotFound" =>
            $"container '{target.Container}' does not exist in account {connection.AccountName}: create it or check the name",
        "BlobNotFound" => $"blob '{target.Blob}' does not exist in container '{target.Container}'",
        "ContainerAlreadyExists" => $"container '{target.Container}' already exists",
        "AuthenticationFailed" or "AuthorizationFailure" when connection.Auth == StorageAuth.AccountKey =>
            $"the account key was rejected by {connection.BaseAddress}: check AccountName and AccountKey "
            + "(a rotated key, a key of another account, or a clock more than 15 minutes off)",
        "AuthenticationFailed" when connection.UsesSas =>
            "the shared access signature was rejected: it may have expired, not be valid yet, or belong to another account or container",
        "AuthenticationFailed" or "AuthorizationFailure" or "AuthorizationPermissionMismatch" when connection.Auth == StorageAuth.Identity =>
            $"the Azure identity is not allowed to {target.Operation} in account {connection.AccountName}: give it a Storage Blob Data role (Reader to read, Contributor or Owner to write)",
        "AuthorizationFailure" or "AuthorizationPermissionMismatch" or "AuthorizationResourceTypeMismatch"
            or "AuthorizationServiceMismatch" or "AuthorizationProtocolMismatch" or "AuthorizationSourceIPMismatch" =>
            $"the shared access signature does not allow {target.Operation}: check its permissions (sp), resource (sr), protocol and IP range",
        "ResourceNotFound" when target.Blob is null && status == HttpStatusCode.NotFound =>
            $"{connection.BaseAddress} does not know account {connection.AccountName}: check AccountName and BlobEndpoint",
        "InvalidRange" => $"the range asked for lies beyond the end of blob '{target.Blob}'",
        "InvalidResourceName" or "OutOfRangeInput" => "the service rejected the container or blob name",
        "InvalidBlockList" or "InvalidBlobOrBlock" =>
            $"the block list of '{target.Blob}' does not match its uploaded blocks (was it written by two uploads at once?)",
        "Md5Mismatch" => "the content was damaged on the way (MD5 mismatch)",
        "RequestBodyTooLarge" => "the request body is larger than the service accepts: lower SingleUploadLimit or BlockSize",
        _ => null,
    };

    private static bool IsRetriable(int status) => status is 408 or 429 or 500 or 502 or 503 or 504;

    private static string Attempts(int attempts) => attempts == 1 ? "1 attempt" : $"{attempts} attempts";

    // The SDK's messages carry status, headers and content on further lines; the first line is the explanation.
    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
