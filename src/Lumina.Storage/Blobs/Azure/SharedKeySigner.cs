using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Lumina.Storage.Blobs.Azure;

/// <summary>
/// Signs a request with the account key per "Authorize with Shared Key" (Blob service, version 2015-02-21 and
/// later). The request must already carry every header it will be sent with, x-ms-date included, and its URI
/// must keep its path exactly as escaped (see <see cref="BlobUris"/>), because the service signs the path it receives.
/// </summary>
internal sealed class SharedKeySigner(string accountName, byte[] key)
{
    public void Sign(HttpRequestMessage request)
    {
        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(StringToSign(request))));
        request.Headers.Authorization = new AuthenticationHeaderValue("SharedKey", $"{accountName}:{signature}");
    }

    internal string StringToSign(HttpRequestMessage request)
    {
        var content = request.Content?.Headers;
        var length = content?.ContentLength is > 0 and var n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        var builder = new StringBuilder()
            .Append(request.Method.Method).Append('\n')
            .Append(Raw(content, "Content-Encoding")).Append('\n')
            .Append(Raw(content, "Content-Language")).Append('\n')
            .Append(length).Append('\n')
            .Append(Raw(content, "Content-MD5")).Append('\n')
            .Append(Raw(content, "Content-Type")).Append('\n')
            .Append(Raw(request.Headers, "Date")).Append('\n')
            .Append(Raw(request.Headers, "If-Modified-Since")).Append('\n')
            .Append(Raw(request.Headers, "If-Match")).Append('\n')
            .Append(Raw(request.Headers, "If-None-Match")).Append('\n')
            .Append(Raw(request.Headers, "If-Unmodified-Since")).Append('\n')
            .Append(Raw(request.Headers, "Range")).Append('\n');
        AppendCanonicalizedHeaders(builder, request.Headers);
        AppendCanonicalizedResource(builder, request.RequestUri!);
        return builder.ToString();
    }

    private static string Raw(HttpHeaders? headers, string name) =>
        headers is not null && headers.NonValidated.TryGetValues(name, out var values) ? values.ToString() : "";

    private static void AppendCanonicalizedHeaders(StringBuilder builder, HttpRequestHeaders headers)
    {
        var storageHeaders = headers.NonValidated
            .Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .Select(h => (Name: h.Key.ToLowerInvariant(), Value: FoldWhitespace(h.Value.ToString())))
            .OrderBy(h => h.Name, StringComparer.Ordinal);
        foreach (var (name, value) in storageHeaders)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }
    }

    private void AppendCanonicalizedResource(StringBuilder builder, Uri uri)
    {
        builder.Append('/').Append(accountName).Append(uri.AbsolutePath);
        var parameters = uri.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(pair => (Name: Uri.UnescapeDataString(pair[0]).ToLowerInvariant(), Value: pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : ""))
            .GroupBy(p => p.Name, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            builder.Append('\n').Append(parameter.Key).Append(':')
                .AppendJoin(',', parameter.Select(p => p.Value).Order(StringComparer.Ordinal));
        }
    }

    private static string FoldWhitespace(string value) => string.Join(' ', value.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
