using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Lumina.Functions.Benchmarks;

/// <summary>Runs PostgreSQL's pgbench (TPC-B-like, scale 1) against a database and reads its transactions per second.</summary>
public static partial class PgBench
{
    public static async Task<PgBenchResult> RunAsync(string pgbench, string connectionString, int clients, int seconds, CancellationToken ct)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        string[] target = ["-h", connection.Host!, "-p", connection.Port.ToString(CultureInfo.InvariantCulture), "-U", connection.Username!, connection.Database!];
        await RunAsync(pgbench, connection.Password, ["-i", "-s", "1", "-q", .. target], ct);
        var output = await RunAsync(pgbench, connection.Password,
            ["-c", $"{clients}", "-j", $"{clients}", "-T", $"{seconds}", .. target], ct);
        var tps = Tps().Match(output);
        return tps.Success
            ? new PgBenchResult(clients, clients, seconds, Math.Round(double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture), 1))
            : throw new InvalidOperationException($"pgbench printed no tps: {output}");
    }

    private static async Task<string> RunAsync(string pgbench, string? password, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo(pgbench) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGPASSWORD"] = password ?? "";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {pgbench}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return process.ExitCode == 0
            ? await stdout + await stderr
            : throw new InvalidOperationException($"pgbench {string.Join(' ', arguments.Take(2))} failed ({process.ExitCode}): {await stderr}");
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();
}
