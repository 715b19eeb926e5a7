using Lumina.Functions.Configuration;
using Lumina.Functions.Hosting;
using Lumina.Functions.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lumina.Functions.Cli;

/// <summary>
/// What a CLI command runs with: settings from the environment, the database, the shared services, and
/// the durable runtime, which runs job work in this process when the command waits for a job.
/// </summary>
public sealed class CliApp : IAsyncDisposable
{
    private readonly IHost _host;

    private CliApp(IHost host) => _host = host;

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>local.settings.json's Values (when the working folder has one), then environment variables, which win.</summary>
    public static IConfiguration LoadConfiguration() =>
        new ConfigurationBuilder().AddLocalSettings(Directory.GetCurrentDirectory()).AddEnvironmentVariables().Build();

    public static ILoggerFactory CreateLoggers() => LoggerFactory.Create(Logging);

    /// <param name="runWork">Whether this process also runs job work (orchestrations and activities) while it lives.</param>
    /// <param name="adjust">Changes to the settings from command-line options.</param>
    public static async Task<CliApp> StartAsync(CancellationToken ct, bool runWork = false, Func<LuminaSettings, LuminaSettings>? adjust = null)
    {
        var configuration = LoadConfiguration();
        var settings = LuminaSettings.Load(configuration);
        settings = adjust?.Invoke(settings) ?? settings;
        using var startupLoggers = CreateLoggers();
        var dataSource = await LuminaDatabase.OpenAsync(settings, startupLoggers, ct);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        Logging(builder.Logging);
        builder.Services.AddLumina(configuration, settings, dataSource).AddLuminaJobs(settings, runWork);
        var host = builder.Build();
        await host.StartAsync(ct);
        return new CliApp(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }

    private static void Logging(ILoggingBuilder logging) => logging
        .AddLuminaConsole()
        .SetMinimumLevel(LogLevel.Warning)
        .AddFilter("Lumina", LogLevel.Information)
        .AddFilter("Lumina.Durable", LogLevel.Warning)
        .AddFilter("DurableTask", LogLevel.Warning);
}
