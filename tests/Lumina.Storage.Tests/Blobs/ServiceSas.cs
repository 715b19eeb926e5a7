using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Lumina.Storage.Tests.Blobs;

/// <summary>Makes container and queue service SAS tokens (signed version 2022-11-02) the way a portal or the CLI would, for tests of SAS access.</summary>
public static class ServiceSas
{
    private const string Version = "2022-11-02";

    public static string ForContainer(string account, string key, string container, string permissions, DateTimeOffset expiry)
    {
        var expires = expiry.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        // permissions, start, expiry, resource, identifier, IP, protocol, version, resource kind, snapshot time,
        // encryption scope, then the five response-header overrides.
        string[] fields = [permissions, "", expires, $"/blob/{account}/{container}", "", "", "", Version, "c", "", "", "", "", "", "", ""];
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(key), Encoding.UTF8.GetBytes(string.Join('\n', fields))));
        return $"sv={Version}&sr=c&sp={permissions}&se={Uri.EscapeDataString(expires)}&sig={Uri.EscapeDataString(signature)}";
    }

    public static string ForQueue(string account, string key, string queue, string permissions, DateTimeOffset expiry)
    {
        var expires = expiry.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        // permissions, start, expiry, resource, identifier, IP, protocol, version.
        string[] fields = [permissions, "", expires, $"/queue/{account}/{queue}", "", "", "", Version];
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(key), Encoding.UTF8.GetBytes(string.Join('\n', fields))));
        return $"sv={Version}&sp={permissions}&se={Uri.EscapeDataString(expires)}&sig={Uri.EscapeDataString(signature)}";
    }
}
