using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lumina.Postgres;

/// <summary>
/// A private PostgreSQL cluster in a directory of its own: created with initdb on first use,
/// started with pg_ctl when not running, reused when it is. Listens on 127.0.0.1 only, with a
/// generated password. When the process runs as root the server runs as the <c>postgres</c> user,
/// because initdb and postgres refuse to run as root.
/// </summary>
public sealed class LocalCluster
{
    private const string SuperUser = "postgres";
    private readonly string _directory;
    private readonly ClusterSettings _settings;
    private readonly ILogger _logger;
    private readonly PostgresBinaries _binaries;

    private LocalCluster(string directory, ClusterSettings settings, ILogger logger)
    {
        _directory = Path.GetFullPath(directory);
        _settings = settings;
        _logger = logger;
        _binaries = PostgresBinaries.Locate(settings.BinDirectory);
    }

    private string DataDirectory => Path.Combine(_directory, "data");
    private string PortFile => Path.Combine(_directory, "port");
    private string PasswordFile => Path.Combine(_directory, "password");
    private string LogFile => Path.Combine(_directory, "postgres.log");

    public int Port { get; private set; }

    /// <summary>Connection string for <paramref name="database"/> on this cluster.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Password = File.ReadAllText(PasswordFile).Trim(),
        Database = database,
    }.ConnectionString;

    /// <summary>Creates the cluster if needed, starts it if it is not running, and waits until it accepts connections.</summary>
    public static async Task<LocalCluster> EnsureRunningAsync(string directory, ClusterSettings settings, ILogger logger, CancellationToken ct)
    {
        var cluster = new LocalCluster(directory, settings, logger);
        Directory.CreateDirectory(cluster._directory);
        await using var gate = await FileGate.AcquireAsync(Path.Combine(cluster._directory, "cluster.lock"), ct);
        await cluster.EnsureRunningLockedAsync(ct);
        return cluster;
    }

    /// <summary>Creates <paramref name="database"/> on this cluster when it does not exist yet.</summary>
    public async Task EnsureDatabaseAsync(string database, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.Add(new NpgsqlParameter { Value = database });
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"")}\"", connection);
            try
            {
                await create.ExecuteNonQueryAsync(ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Another process created it at the same moment.
            }
        }
    }

    /// <summary>Stops the server (fast shutdown) if it runs.</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        if (await IsRunningAsync(ct))
        {
            await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"], ct);
        }
    }

    private async Task EnsureRunningLockedAsync(CancellationToken ct)
    {
        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            var clock = Stopwatch.StartNew();
            await InitializeAsync(ct);
            await StartLockedAsync(ct);
            _logger.LogInformation("the private PostgreSQL cluster is ready after {Seconds:F1} s; later runs reuse it", clock.Elapsed.TotalSeconds);
            return;
        }

        if (await IsRunningAsync(ct) && File.Exists(PortFile))
        {
            Port = int.Parse(await File.ReadAllTextAsync(PortFile, ct));
            return;
        }

        await StartLockedAsync(ct);
    }

    private async Task StartLockedAsync(CancellationToken ct)
    {
        Port = ChoosePort();
        await File.WriteAllTextAsync(PortFile, Port.ToString(), ct);
        var options = $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections={_settings.MaxConnections}";
        if (!_settings.Durable)
        {
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        }

        _logger.LogInformation("starting the private PostgreSQL in {Directory} on 127.0.0.1:{Port}", _directory, Port);
        await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", options, "start"], ct);
    }

    private async Task InitializeAsync(CancellationToken ct)
    {
        _logger.LogInformation("first run: creating a private PostgreSQL cluster in {Directory} (once; this takes a few seconds)", _directory);
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }

        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        await File.WriteAllTextAsync(PasswordFile, password, ct);
        File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var pwFile = Path.Combine(_directory, "initdb.pw");
        await File.WriteAllTextAsync(pwFile, password, ct);
        try
        {
            if (RunAsRoot)
            {
                ServerUser.PrepareDirectory(_directory, _logger);
                ServerUser.GiveOwnership(pwFile);
            }

            string[] args =
            [
                "-D", DataDirectory, "-U", SuperUser, "--auth=scram-sha-256", "--pwfile", pwFile,
                "-E", "UTF8", "--locale=C.UTF-8", .. _settings.Durable ? Array.Empty<string>() : ["--no-sync"],
            ];
            await RunToolAsync("initdb", args, ct);
        }
        finally
        {
            File.Delete(pwFile);
        }
    }

    private async Task<bool> IsRunningAsync(CancellationToken ct)
    {
        if (!File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            return false;
        }

        var result = await RunToolAsync("pg_ctl", ["-D", DataDirectory, "status"], ct, throwOnError: false);
        return result.ExitCode == 0;
    }

    private static bool RunAsRoot => Environment.UserName == "root" || geteuid() == 0;

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();

    private static int ChoosePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<ToolResult> RunToolAsync(string tool, IReadOnlyList<string> args, CancellationToken ct, bool throwOnError = true)
    {
        var path = _binaries.Tool(tool);
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _directory,
        };
        if (RunAsRoot)
        {
            start.FileName = "runuser";
            foreach (var a in (string[])["-u", ServerUser.Name, "--", path])
            {
                start.ArgumentList.Add(a);
            }
        }
        else
        {
            start.FileName = path;
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new PostgresSetupException($"could not start {tool}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var result = new ToolResult(process.ExitCode, await stdout, await stderr);
        if (throwOnError && result.ExitCode != 0)
        {
            var log = File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(10)) : "";
            throw new PostgresSetupException(
                $"{tool} failed with exit code {result.ExitCode} for the private cluster in {_directory}: {result.Stderr.Trim()} {result.Stdout.Trim()}\n{log}".Trim());
        }

        return result;
    }

    private sealed record ToolResult(int ExitCode, string Stdout, string Stderr);
}
