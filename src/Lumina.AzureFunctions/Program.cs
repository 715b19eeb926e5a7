using Azure.Core.Serialization;
using Lumina.AzureFunctions;
using Lumina.Durable;
using Lumina.Functions.Configuration;
using Lumina.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

var settings = LuminaSettings.Load(builder.Configuration);
using (var startupLoggers = LoggerFactory.Create(l => l.AddLuminaConsole()))
{
    var dataSource = await LuminaDatabase.OpenAsync(settings, startupLoggers, CancellationToken.None);
    builder.Services.AddLuminaFunctionsApp(builder.Configuration, settings, dataSource);
}

// Orchestration inputs, outputs and custom status are stored as Lumina's own engines store them (System.Text.Json, camelCase).
builder.Services.Configure<WorkerOptions>(o => o.Serializer = new JsonObjectSerializer(DurableJson.Options));

await builder.Build().RunAsync();
