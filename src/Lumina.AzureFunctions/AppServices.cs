using Lumina.Functions.Catalogs;
using Lumina.Functions.Configuration;
using Lumina.Functions.Hosting;
using Lumina.Functions.Http;
using Lumina.Functions.Jobs;
using Lumina.Functions.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Lumina.AzureFunctions;

/// <summary>
/// The Functions app's services: the same composition as <c>lumina serve</c> (<see cref="LuminaServices"/>, the job
/// services), without Lumina's durable engine: Durable Functions runs the orchestrations, over its task hub. Keys are
/// checked by Lumina as under serve (<see cref="KeyAuthorization"/>), but an app without keys refuses its API unless
/// LUMINA_AUTH=anonymous is set.
/// </summary>
public static class AppServices
{
    public static IServiceCollection AddLuminaFunctionsApp(
        this IServiceCollection services, IConfiguration configuration, LuminaSettings settings, NpgsqlDataSource dataSource) =>
        services.AddLumina(configuration, settings, dataSource)
            .AddLuminaJobServices()
            .AddSingleton<BlobCatalogMatcher>()
            .AddSingleton(new KeyAuthorization(settings, KeyHost.FunctionsApp))
            .AddSingleton<DurableServices>()
            .AddSingleton(WebAssets.Load());
}
