using System.CommandLine;
using Lumina.Functions.Hosting;

namespace Lumina.Functions.Cli;

/// <summary><c>lumina serve</c>: the HTTP routes, the durable management API and job workers in one host.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on", DefaultValueFactory = _ => "http://127.0.0.1:7071" };
        var command = new Command("serve", "Serve the HTTP API and run jobs until stopped (Ctrl+C)") { urls };
        command.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await LuminaWebHost.BuildAsync(result.GetValue(urls)!.Split(';'), CliApp.LoadConfiguration(), ct);
            await app.RunAsync(ct);
            return 0;
        }));
        return command;
    }
}
