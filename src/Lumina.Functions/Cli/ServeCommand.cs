using System.CommandLine;
using Lumina.Functions.Hosting;

namespace Lumina.Functions.Cli;

/// <summary><c>lumina serve</c>: the HTTP routes, the durable management API and job workers in one host.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls")
        {
            Description = "Addresses to listen on (default: http://127.0.0.1:$FUNCTIONS_CUSTOMHANDLER_PORT under the Functions host, else http://127.0.0.1:7071)",
        };
        var command = new Command("serve", "Serve the HTTP API and run jobs until stopped (Ctrl+C)") { urls };
        command.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            var configuration = CliApp.LoadConfiguration();
            var listen = result.GetValue(urls)
                ?? (configuration["FUNCTIONS_CUSTOMHANDLER_PORT"] is { Length: > 0 } port ? $"http://127.0.0.1:{port}" : "http://127.0.0.1:7071");
            await using var app = await LuminaWebHost.BuildAsync(listen.Split(';'), configuration, ct);
            await app.RunAsync(ct);
            return 0;
        }));
        return command;
    }
}
