using System.Net;
using System.Xml;

namespace Lumina.Storage.Blobs.Azure;

/// <summary>Turns the service's error responses and network failures into <see cref="BlobStorageException"/>s that say what to change.</summary>
internal static class BlobErrors
{
    private const int MaxErrorBody = 16 * 1024;

    /// <summary>The error code of a failed response: the x-ms-error-code header (also present on HEAD responses, which have no body).</summary>
    public static string? Code(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-ms-error-code", out var values) ? values.FirstOrDefault() : null;

    public static async Task<BlobStorageException> FromResponseAsync(
        BlobTarget target, HttpResponseMessage response, BlobServiceConnection connection, int attempts, CancellationToken ct)
    {
        var (bodyCode, serviceMessage) = await ReadErrorBodyAsync(response, ct);
        var code = Code(response) ?? bodyCode;
        var explanation = Explain(target, response.StatusCode, code, connection, attempts)
            ?? serviceMessage
            ?? response.ReasonPhrase
            ?? "the service refused the request";
        var message = $"{target} failed: {explanation} (HTTP {(int)response.StatusCode}{(code is null ? "" : ", " + code)})";
        return new BlobStorageException(target, message, response.StatusCode, code, attempts);
    }

    public static BlobStorageException Unreachable(BlobTarget target, Exception error, BlobServiceConnection connection, int attempts)
    {
        var reason = error switch
        {
            HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } =>
                $"the host {connection.ServiceUri.Host} does not resolve: check AccountName, EndpointSuffix or BlobEndpoint",
            TimeoutException => $"{connection.BaseAddress} did not answer in time ({error.Message})",
            _ => $"could not reach {connection.BaseAddress} ({error.Message})",
        };
        return new BlobStorageException(target, $"{target} failed: {reason}; gave up after {Attempts(attempts)}", status: null, errorCode: null, attempts, error);
    }

    private static string? Explain(BlobTarget target, HttpStatusCode status, string? code, BlobServiceConnection connection, int attempts) => code switch
    {
        "ContainerNotFound" =>
            $"container '{target.Container}' does not exist in account {connection.AccountName}: create it or check the name",
        "BlobNotFound" => $"blob '{target.Blob}' does not exist in container '{target.Container}'",
        "ContainerAlreadyExists" => $"container '{target.Container}' already exists",
        "AuthenticationFailed" or "AuthorizationFailure" when !connection.UsesSas =>
            $"the account key was rejected by {connection.BaseAddress}: check AccountName and AccountKey "
            + "(a rotated key, a key of another account, or a clock more than 15 minutes off)",
        "AuthenticationFailed" =>
            "the shared access signature was rejected: it may have expired, not be valid yet, or belong to another account or container",
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
        _ when BlobTransport.IsRetriable(status) => $"the service kept failing; gave up after {Attempts(attempts)}",
        _ => null,
    };

    private static string Attempts(int attempts) => attempts == 1 ? "1 attempt" : $"{attempts} attempts";

    private static async Task<(string? Code, string? Message)> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength is 0 or > MaxErrorBody)
        {
            return (null, null);
        }

        try
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (body.Length == 0 || body.Length > MaxErrorBody)
            {
                return (null, null);
            }

            var xml = new XmlDocument { XmlResolver = null };
            xml.LoadXml(body);
            var message = xml.SelectSingleNode("/Error/Message")?.InnerText;
            // The service's message carries RequestId and Time on further lines; the first line is the explanation.
            return (xml.SelectSingleNode("/Error/Code")?.InnerText, message?.Split('\n')[0].Trim());
        }
        catch (XmlException)
        {
            return (null, null);
        }
    }
}
