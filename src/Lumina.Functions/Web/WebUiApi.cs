using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lumina.Functions.Web;

/// <summary>
/// The web UI: one HTML shell for every page address (the page's module reads the address and calls the JSON API,
/// the same routes the CLI and HTTP callers use) and the shell's CSS and JavaScript under <c>/ui/</c>.
/// </summary>
public static class WebUiApi
{
    public const string AssetPrefix = "/ui";

    /// <summary>The addresses of the UI's pages; each answers the shell (the Functions app has one function per address).</summary>
    public static readonly IReadOnlyList<string> Pages =
    [
        "/", "/signin", "/jobs", "/jobs/{jobId}", "/catalogs/{id}", "/catalogs/{id}/images/{imageId}",
        "/catalogs/{id}/duplicates", "/catalogs/{id}/duplicates/{groupId}", "/catalogs/{id}/bursts", "/catalogs/{id}/bursts/{burstId}",
        "/catalogs/{id}/health", "/catalogs/{id}/search",
    ];

    public static IEndpointRouteBuilder MapWebUi(this IEndpointRouteBuilder endpoints)
    {
        var assets = WebAssets.Load();
        foreach (var page in Pages)
        {
            endpoints.MapGet(page, (HttpContext http) => assets.Page(http));
        }

        endpoints.MapGet(AssetPrefix + "/{*path}", (string path, HttpContext http) => assets.Serve(http, path));
        return endpoints;
    }
}
