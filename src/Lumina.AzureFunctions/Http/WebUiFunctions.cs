using Lumina.Functions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using static Lumina.AzureFunctions.Http.HttpAnswers;

namespace Lumina.AzureFunctions.Http;

/// <summary>
/// The web UI's pages and files (<see cref="WebUiApi"/>) as anonymous HTTP functions, from the same embedded files
/// (<see cref="WebAssets"/>): one function per page address, each answering the shell, and one for the files under
/// <c>ui/</c>. The pages live at the site root, so host.json's route prefix is empty and every API function's route
/// starts with <c>api/</c> (the host's home page is turned off with <c>AzureWebJobsDisableHomepage</c>).
/// </summary>
public sealed class WebUiFunctions(WebAssets assets)
{
    [Function("PageCatalogs")]
    public Task<IResult> CatalogsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "/")] HttpRequest request) => PageAsync(request);

    [Function("PageSignIn")]
    public Task<IResult> SignInAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "signin")] HttpRequest request) => PageAsync(request);

    [Function("PageJobs")]
    public Task<IResult> JobsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "jobs")] HttpRequest request) => PageAsync(request);

    [Function("PageJob")]
    public Task<IResult> JobAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "jobs/{jobId}")] HttpRequest request) => PageAsync(request);

    [Function("PageLibrary")]
    public Task<IResult> LibraryAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalogs/{id}")] HttpRequest request) => PageAsync(request);

    [Function("PageImage")]
    public Task<IResult> ImageAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalogs/{id}/images/{imageId}")] HttpRequest request) => PageAsync(request);

    [Function("PageDuplicates")]
    public Task<IResult> DuplicatesAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalogs/{id}/duplicates")] HttpRequest request) => PageAsync(request);

    [Function("PageDuplicate")]
    public Task<IResult> DuplicateAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalogs/{id}/duplicates/{groupId}")] HttpRequest request) => PageAsync(request);

    [Function("PageBursts")]
    public Task<IResult> BurstsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalogs/{id}/bursts")] HttpRequest request) => PageAsync(request);

    [Function("PageBurst")]
    public Task<IResult> BurstAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalogs/{id}/bursts/{burstId}")] HttpRequest request) => PageAsync(request);

    [Function("PageHealth")]
    public Task<IResult> HealthAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalogs/{id}/health")] HttpRequest request) => PageAsync(request);

    [Function("PageSearch")]
    public Task<IResult> SearchAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalogs/{id}/search")] HttpRequest request) => PageAsync(request);

    [Function("WebAsset")]
    public Task<IResult> AssetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ui/{*path}")] HttpRequest request, string path) =>
        AnswerAsync(request, () => Task.FromResult(assets.Serve(request.HttpContext, path)));

    private Task<IResult> PageAsync(HttpRequest request) => AnswerAsync(request, () => Task.FromResult(assets.Page(request.HttpContext)));
}
