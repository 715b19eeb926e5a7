using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Lumina.Durable.ProviderBench;

/// <summary>pgbench's TPC-B (scale 1) with 2 clients and 2 threads on the benchmark's database: its commit rate.</summary>
internal static partial class Pgbench
{
    public static async Task<double> RunAsync(string connectionString, int seconds)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        await RunAsync(builder, ["-i", "-s", "1", "-q"]);
        var output = await RunAsync(builder, ["-c", "2", "-j", "2", "-T", seconds.ToString(CultureInfo.InvariantCulture)]);
        var tps = Tps().Match(output);
        return tps.Success ? double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException($"no tps in pgbench's output: {output}");
    }

    private static async Task<string> RunAsync(NpgsqlConnectionStringBuilder builder, string[] args)
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Order().Select(d => Path.Combine(d, "bin", "pgbench")).Last(File.Exists);
        var start = new ProcessStartInfo(bin) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["-h", builder.Host!, "-p", builder.Port.ToString(CultureInfo.InvariantCulture), "-U", builder.Username!, .. args, builder.Database!])
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["PGPASSWORD"] = builder.Password ?? "";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? await stdout + await stderr : throw new InvalidOperationException($"pgbench failed: {await stderr}");
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();
}
