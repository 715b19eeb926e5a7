using System.Diagnostics;
using System.Text;

namespace Lumina.Functions.Tests;

/// <summary>The CLI as a user runs it: a separate process of the built lumina.dll, configured only by environment variables.</summary>
internal static class LuminaProcess
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<(int ExitCode, string Output)> RunAsync(string home, params string[] args) => RunAsync(home, [], args);

    /// <summary>Runs the CLI to its end; returns its exit code and its standard output followed by its standard error.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string home, (string Name, string Value)[] environment, params string[] args)
    {
        using var process = Start(home, environment, null, args);
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Starts the CLI with LUMINA_HOME <paramref name="home"/>, no LUMINA_POSTGRES unless given, and the given variables.</summary>
    public static Process Start(string home, (string Name, string Value)[] environment, string? workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? "" };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lumina.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["LUMINA_HOME"] = home;
        start.Environment.Remove("LUMINA_POSTGRES");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    /// <summary>Starts the CLI as <see cref="Start"/> does and collects what it writes (both streams, as they come), so that its pipes never fill.</summary>
    public static (Process Process, Func<string> Output) StartCollecting(string home, (string Name, string Value)[] environment, params string[] args)
    {
        var process = Start(home, environment, null, args);
        var output = new StringBuilder();
        void Collect(object sender, DataReceivedEventArgs e)
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        }

        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, () =>
        {
            lock (output)
            {
                return output.ToString();
            }
        });
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
