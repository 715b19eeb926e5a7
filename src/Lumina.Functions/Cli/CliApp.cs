using Lumina.Functions.Configuration;
using Lumina.Functions.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lumina.Functions.Cli;

/// <summary>What a CLI command runs with: settings from the environment, the database, the shared services.</summary>
public sealed class CliApp : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private CliApp(ServiceProvider services) => _services = services;

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public static IConfiguration LoadConfiguration() => new ConfigurationBuilder().AddEnvironmentVariables().Build();

    public static ILoggerFactory CreateLoggers() => LoggerFactory.Create(logging => logging
        .AddSimpleConsole(o => o.SingleLine = true)
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
        .SetMinimumLevel(LogLevel.Warning)
        .AddFilter("Lumina", LogLevel.Information));

    public static async Task<CliApp> StartAsync(CancellationToken ct)
    {
        var configuration = LoadConfiguration();
        var settings = LuminaSettings.Load(configuration);
        var loggers = CreateLoggers();
        var dataSource = await LuminaDatabase.OpenAsync(settings, loggers, ct);
        var services = new ServiceCollection()
            .AddSingleton(loggers)
            .AddLogging()
            .AddLumina(configuration, settings, dataSource)
            .BuildServiceProvider();
        return new CliApp(services);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
