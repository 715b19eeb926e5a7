using System.Reflection;
using Lumina.Functions.Configuration;
using Lumina.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Lumina.AzureFunctions.Tests;

/// <summary>
/// The app's container as Program.cs composes it, alone: under Durable Functions no <see cref="DurableTaskClient"/> is
/// in it (the host binds one per invocation), so every registered service and every function class must be made
/// without one.
/// </summary>
public sealed class AppServicesTests
{
    [Fact]
    public async Task EveryServiceAndFunctionClassOfTheAppIsMadeWithoutADurableTaskClientInTheContainer()
    {
        await using var database = await TestDatabase.CreateAsync("app-services", Storage.Catalog.CatalogSchema.Scripts);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LUMINA_POSTGRES"] = database.ConnectionString,
            ["LUMINA_HOME"] = Path.Combine(Path.GetTempPath(), $"lumina-app-services-{Guid.NewGuid():N}"),
        }).Build();
        var services = new ServiceCollection().AddLogging()
            .AddLuminaFunctionsApp(configuration, LuminaSettings.Load(configuration), NpgsqlDataSource.Create(database.ConnectionString));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(DurableTaskClient));

        // ValidateOnBuild makes every registered service, as a Development host (func start) does.
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var functionClasses = typeof(AppServices).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
            .ToList();
        Assert.True(functionClasses.Count >= 3, string.Join(", ", functionClasses));
        foreach (var type in functionClasses)
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(provider, type));
        }
    }
}
