using Lumina.Functions.Catalogs;
using Lumina.Functions.Clip;
using Lumina.Functions.Http;
using Lumina.Storage.Catalog;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using static Lumina.AzureFunctions.Http.HttpAnswers;

namespace Lumina.AzureFunctions.Http;

/// <summary>The library routes (<see cref="LibraryApi"/>) as HTTP functions: a catalog's images, the filters' choices, one image and its derived files.</summary>
public sealed class LibraryFunctions(
    CatalogService catalogs, LibraryRepository library, ExportRepository export, ImageRepository images, ClipService clip, SearchService search)
{
    [Function("LibraryImages")]
    public Task<IResult> ImagesAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/catalogs/{id}/images")] HttpRequest request, string id, CancellationToken ct) =>
        AnswerAsync(request, () => LibraryApi.ImagesAsync(
            id, Query(request, "cursor"), Query(request, "limit"), Query(request, "from"), Query(request, "to"), Query(request, "camera"), Query(request, "gps"),
            Query(request, "tag"), Query(request, "format"), Query(request, "failed"), Query(request, "duplicate"), Query(request, "burst"), catalogs, library, ct));

    [Function("LibraryCameras")]
    public Task<IResult> CamerasAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/catalogs/{id}/cameras")] HttpRequest request, string id, CancellationToken ct) =>
        AnswerAsync(request, () => LibraryApi.CamerasAsync(id, catalogs, library, ct));

    [Function("LibraryFormats")]
    public Task<IResult> FormatsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/catalogs/{id}/formats")] HttpRequest request, string id, CancellationToken ct) =>
        AnswerAsync(request, () => LibraryApi.FormatsAsync(id, catalogs, library, ct));

    [Function("ImageGet")]
    public Task<IResult> ImageAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/catalogs/{id}/images/{imageId}")] HttpRequest request, string id, string imageId, CancellationToken ct) =>
        AnswerAsync(request, () => LibraryApi.ImageAsync(id, imageId, catalogs, export, library, clip, search, ct));

    [Function("ImageThumbnail")]
    public Task<IResult> ThumbnailAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/catalogs/{id}/images/{imageId}/thumbnail")] HttpRequest request, string id, string imageId, CancellationToken ct) =>
        AnswerAsync(request, () => LibraryApi.ThumbnailAsync(id, imageId, Query(request, "v"), request.HttpContext, catalogs, images, ct));

    [Function("ImagePreview")]
    public Task<IResult> PreviewAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/catalogs/{id}/images/{imageId}/preview")] HttpRequest request, string id, string imageId, CancellationToken ct) =>
        AnswerAsync(request, () => LibraryApi.PreviewAsync(id, imageId, Query(request, "v"), request.HttpContext, catalogs, images, ct));
}
