using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Lumina.Functions.Web;

/// <summary>
/// The web UI's files (HTML, CSS, JavaScript modules), embedded in the assembly under <c>ui/</c> and read once; each is
/// served with a strong ETag and revalidated on every use (the names carry no version, so a new build is seen at once).
/// </summary>
public sealed class WebAssets
{
    private const string Prefix = "ui/";
    private readonly Dictionary<string, Asset> _assets;

    private WebAssets(Dictionary<string, Asset> assets) => _assets = assets;

    private sealed record Asset(byte[] Bytes, string ContentType, string ETag);

    public static WebAssets Load()
    {
        var assembly = typeof(WebAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            assets[name[Prefix.Length..]] = new Asset(bytes, ContentTypeOf(name), $"\"{Convert.ToHexString(SHA256.HashData(bytes))[..20]}\"");
        }

        return new WebAssets(assets);
    }

    /// <summary>The shell every page address answers.</summary>
    public IResult Page(HttpContext http) => Serve(http, "index.html");

    /// <summary>The file at <paramref name="path"/> (relative to the UI's root), 304 when the browser's copy is current.</summary>
    public IResult Serve(HttpContext http, string path)
    {
        if (!_assets.TryGetValue(path, out var asset))
        {
            return Http.ApiErrors.Error(StatusCodes.Status404NotFound, $"the web UI has no file '{path}'");
        }

        var headers = http.Response.Headers;
        headers.ETag = asset.ETag;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        // Pages load nothing from elsewhere and cannot be framed by another site.
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(tag => tag.Trim() == asset.ETag)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(asset.Bytes, asset.ContentType);
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".ico" => "image/x-icon",
        var other => throw new InvalidOperationException($"the web UI embeds {name}, whose type ({other}) WebAssets does not know"),
    };
}
