using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Lumina.Testing;

/// <summary>
/// The Azurite services of a test run: the one LUMINA_TEST_AZURITE names (a connection string; the test script
/// starts one Azurite for the whole run with infra/local/start-azurite.sh), or else one started once per test process
/// from infra/local/node_modules on a free loopback port, in memory and with telemetry off, and stopped when the
/// process exits. Both know two accounts: the development account, and <see cref="KeyCharsAccount"/> whose key
/// holds '+', '/' and '='. Each test class makes a container of its own.
/// </summary>
public static partial class TestAzurite
{
    public const string Variable = "LUMINA_TEST_AZURITE";

    public const string DevelopmentAccount = "devstoreaccount1";

    /// <summary>The emulator's public, well-known key.</summary>
    public const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>A second account whose key needs escaping in URLs; infra/local/start-azurite.sh configures the same one.</summary>
    public const string KeyCharsAccount = "luminakeychars";

    public const string KeyCharsKey = "+/+/Ai/6/GL90MHxyB6Luk0N+1XysoUm907/H3RplvSP6R7a3bGbTwOA+Si+QiMcBRRPJOGiY993m2N5K3wG5w==";

    /// <summary>A connection string with blob, queue and table endpoints (infra/local/start-azurite.sh exports one).</summary>
    public const string StorageVariable = "LUMINA_TEST_AZURITE_STORAGE";

    private static readonly Lazy<Task<Uri>> Server = new(async () =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured ? RootOf(configured) : (await StartAsync("azurite-blob", "blob"))["Blob"]);

    private static readonly Lazy<Task<string>> Storage = new(async () =>
    {
        if (Environment.GetEnvironmentVariable(StorageVariable) is { Length: > 0 } configured)
        {
            return configured;
        }

        var roots = await StartAsync("azurite", "blob", "queue", "table");
        return $"DefaultEndpointsProtocol=http;AccountName={DevelopmentAccount};AccountKey={DevelopmentKey};"
            + string.Join(';', roots.Select(r => $"{r.Key}Endpoint={r.Value.GetLeftPart(UriPartial.Authority)}/{DevelopmentAccount}"));
    });

    /// <summary>The service root, e.g. http://127.0.0.1:PORT/: accounts are the first path segment.</summary>
    public static Task<Uri> ServiceRootAsync() => Server.Value;

    /// <summary>A connection string for the development account.</summary>
    public static async Task<string> ConnectionStringAsync() => ConnectionString(await ServiceRootAsync(), DevelopmentAccount, DevelopmentKey);

    /// <summary>A connection string for <paramref name="account"/> on the service at <paramref name="serviceRoot"/> (Azurite, or a proxy in front of it).</summary>
    public static string ConnectionString(Uri serviceRoot, string account, string key) =>
        $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={key};BlobEndpoint={serviceRoot.GetLeftPart(UriPartial.Authority)}/{account}";

    /// <summary>
    /// A connection string for the development account with blob, queue and table endpoints, as the durable Azure Storage
    /// provider needs: the Azurite that LUMINA_TEST_AZURITE_STORAGE names, or one this test process starts on first use.
    /// </summary>
    public static Task<string> StorageConnectionStringAsync() => Storage.Value;

    /// <summary>A container name no other test uses.</summary>
    public static string UniqueContainerName(string hint) =>
        $"{new string(hint.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(20).ToArray())}-{Guid.NewGuid():N}";

    /// <summary>Starts Azurite's <paramref name="tool"/> serving <paramref name="services"/> and returns each service's root by its name (Blob, Queue, Table).</summary>
    private static async Task<IReadOnlyDictionary<string, Uri>> StartAsync(string tool, params string[] services)
    {
        var executable = Path.Combine(RepoPaths.Root, "infra", "local", "node_modules", ".bin", tool);
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite is not installed ({executable} is missing): run infra/local/install-deps.sh test");
        }

        var workspace = Directory.CreateTempSubdirectory("lumina-test-azurite-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList = { "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry" },
            WorkingDirectory = workspace,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["AZURITE_ACCOUNTS"] = $"{DevelopmentAccount}:{DevelopmentKey};{KeyCharsAccount}:{KeyCharsKey}" },
        };
        foreach (var service in services)
        {
            foreach (var argument in new[] { $"--{service}Host", "127.0.0.1", $"--{service}Port", "0" })
            {
                start.ArgumentList.Add(argument);
            }
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
            Directory.Delete(workspace, recursive: true);
        };

        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var roots = new System.Collections.Concurrent.ConcurrentDictionary<string, Uri>();
        var listening = new TaskCompletionSource<IReadOnlyDictionary<string, Uri>>(TaskCreationOptions.RunContinuationsAsynchronously);
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            output.Enqueue(e.Data);
            if (ListensOn().Match(e.Data) is { Success: true } match
                && roots.TryAdd(match.Groups[1].Value, new Uri(match.Groups[2].Value + "/")) && roots.Count == services.Length)
            {
                listening.TrySetResult(roots);
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(90)));
        return first == listening.Task
            ? await listening.Task
            : throw new InvalidOperationException(
                (first == exited ? $"Azurite exited with code {process.ExitCode} before reporting its port" : "Azurite did not report its ports within 90 s")
                + $"; its output:\n{string.Join('\n', output)}");
    }

    private static Uri RootOf(string connectionString)
    {
        var endpoint = connectionString.Split(';', StringSplitOptions.TrimEntries)
            .Where(p => p.StartsWith("BlobEndpoint=", StringComparison.OrdinalIgnoreCase))
            .Select(p => new Uri(p["BlobEndpoint=".Length..]))
            .FirstOrDefault();
        return endpoint is not null && endpoint.AbsolutePath.Trim('/') == DevelopmentAccount
            ? new Uri(endpoint.GetLeftPart(UriPartial.Authority) + "/")
            : throw new InvalidOperationException(
                $"{Variable} must be an Azurite connection string with BlobEndpoint=http://127.0.0.1:PORT/{DevelopmentAccount} "
                + "(as infra/local/start-azurite.sh exports), started with AZURITE_ACCOUNTS holding both test accounts");
    }

    [GeneratedRegex(@"Azurite (\w+) service (?:successfully listens on|is successfully listening at) (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListensOn();
}
