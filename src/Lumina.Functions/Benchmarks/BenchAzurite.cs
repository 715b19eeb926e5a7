using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Lumina.Functions.Benchmarks;

/// <summary>
/// A throwaway in-memory Azurite (blob, queue and table services on free loopback ports) from infra/local's npm
/// packages (infra/local/install-deps.sh test installs them), for benchmarking the Azure Storage provider.
/// </summary>
public sealed partial class BenchAzurite : IAsyncDisposable
{
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly string _workspace;

    private BenchAzurite(Process process, string workspace, string connectionString)
    {
        _process = process;
        _workspace = workspace;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<BenchAzurite> StartAsync(CancellationToken ct)
    {
        var executable = Find() ?? throw new InvalidOperationException(
            "Azurite is not installed (infra/local/node_modules/.bin/azurite): run infra/local/install-deps.sh test, or pass --azure-storage");
        var workspace = Directory.CreateTempSubdirectory("lumina-bench-azurite-").FullName;
        var start = new ProcessStartInfo(executable) { WorkingDirectory = workspace, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry" }
            .Concat(new[] { "blob", "queue", "table" }.SelectMany(s => new[] { $"--{s}Host", "127.0.0.1", $"--{s}Port", "0" })))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        var ports = new Dictionary<string, string>();
        while (ports.Count < 3 && await process.StandardOutput.ReadLineAsync(ct).AsTask().WaitAsync(TimeSpan.FromSeconds(60), ct) is { } line)
        {
            if (Listening().Match(line) is { Success: true } match)
            {
                ports[match.Groups[1].Value] = match.Groups[2].Value;
            }
        }

        var azurite = new BenchAzurite(process, workspace,
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentKey};"
            + string.Join(';', ports.Select(p => $"{p.Key}Endpoint={p.Value}/devstoreaccount1")));
        if (ports.Count < 3)
        {
            await azurite.DisposeAsync();
            throw new InvalidOperationException($"Azurite reported {ports.Count} of its 3 services: {await process.StandardError.ReadToEndAsync(ct)}");
        }

        return azurite;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
        Directory.Delete(_workspace, recursive: true);
    }

    private static string? Find()
    {
        for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            var candidate = Path.Combine(dir, "infra", "local", "node_modules", ".bin", "azurite");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    [GeneratedRegex(@"Azurite (Blob|Queue|Table) service is successfully listening at (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
