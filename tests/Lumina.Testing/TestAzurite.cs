using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Lumina.Testing;

/// <summary>
/// The Azurite blob service of a test run: the one LUMINA_TEST_AZURITE names (a connection string; the test script
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

    private static readonly Lazy<Task<Uri>> Server = new(() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured ? Task.FromResult(RootOf(configured)) : StartAsync("blob"));

    private static readonly Lazy<Task<Uri>> QueueServer = new(() => StartAsync("queue"));

    /// <summary>The service root, e.g. http://127.0.0.1:PORT/: accounts are the first path segment.</summary>
    public static Task<Uri> ServiceRootAsync() => Server.Value;

    /// <summary>A connection string for the development account.</summary>
    public static async Task<string> ConnectionStringAsync() => ConnectionString(await ServiceRootAsync(), DevelopmentAccount, DevelopmentKey);

    /// <summary>A connection string for <paramref name="account"/> on the service at <paramref name="serviceRoot"/> (Azurite, or a proxy in front of it).</summary>
    public static string ConnectionString(Uri serviceRoot, string account, string key) =>
        $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={key};BlobEndpoint={serviceRoot.GetLeftPart(UriPartial.Authority)}/{account}";

    /// <summary>
    /// A connection string for the development account on an Azurite queue service of this test process (started on
    /// first use; the test script's Azurite serves blobs only).
    /// </summary>
    public static async Task<string> QueueConnectionStringAsync()
    {
        var root = await QueueServer.Value;
        return $"DefaultEndpointsProtocol=http;AccountName={DevelopmentAccount};AccountKey={DevelopmentKey};QueueEndpoint={root.GetLeftPart(UriPartial.Authority)}/{DevelopmentAccount}";
    }

    /// <summary>A container name no other test uses.</summary>
    public static string UniqueContainerName(string hint) =>
        $"{new string(hint.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(20).ToArray())}-{Guid.NewGuid():N}";

    /// <summary>Starts the Azurite <paramref name="service"/> ("blob" or "queue") and returns its root.</summary>
    private static async Task<Uri> StartAsync(string service)
    {
        var executable = Path.Combine(RepoPaths.Root, "infra", "local", "node_modules", ".bin", $"azurite-{service}");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite is not installed ({executable} is missing): run infra/local/install-deps.sh test");
        }

        var workspace = Directory.CreateTempSubdirectory("lumina-test-azurite-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList =
            {
                $"--{service}Host", "127.0.0.1", $"--{service}Port", "0", "--inMemoryPersistence", "--silent",
                "--skipApiVersionCheck", "--loose", "--disableTelemetry",
            },
            WorkingDirectory = workspace,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["AZURITE_ACCOUNTS"] = $"{DevelopmentAccount}:{DevelopmentKey};{KeyCharsAccount}:{KeyCharsKey}" },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
            Directory.Delete(workspace, recursive: true);
        };

        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            output.Enqueue(e.Data);
            if (ListensOn().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value + "/"));
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(30)));
        return first == listening.Task
            ? await listening.Task
            : throw new InvalidOperationException(
                (first == exited ? $"Azurite exited with code {process.ExitCode} before reporting its port" : "Azurite did not report its port within 30 s")
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

    [GeneratedRegex(@"listens on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListensOn();
}
