using System.CommandLine;
using Lumina.Functions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;

namespace Lumina.Functions.Cli;

/// <summary><c>lumina serve</c>: the HTTP routes, the durable management API and job workers in one host.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls")
        {
            Description = "Addresses to listen on (default: http://127.0.0.1:7071)",
        };
        var command = new Command("serve", "Serve the HTTP API and run jobs until stopped (Ctrl+C)") { urls };
        command.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            var configuration = CliApp.LoadConfiguration();
            var listen = (result.GetValue(urls) ?? "http://127.0.0.1:7071").Split(';');
            await using var app = await LuminaWebHost.BuildAsync(listen, configuration, ct);
            try
            {
                await app.StartAsync(ct);
            }
            catch (IOException e) when (e.InnerException is AddressInUseException)
            {
                // The job workers and the upload scan had started; stop them before the host is disposed.
                await app.StopAsync(CancellationToken.None);
                var taken = listen.FirstOrDefault(u => e.Message.Contains(u.TrimEnd('/'), StringComparison.Ordinal)) ?? string.Join(", ", listen);
                throw new IOException($"{(Uri.TryCreate(taken, UriKind.Absolute, out var uri) ? uri.Authority : taken)} is already in use: stop the other process or choose --urls");
            }

            foreach (var line in ServeBanner.Lines(app))
            {
                Console.WriteLine(line);
            }

            await app.WaitForShutdownAsync(ct);
            return 0;
        }));
        return command;
    }
}
