using System.Diagnostics;
using System.Globalization;

namespace Lumina.Durable.Hosting;

/// <summary>
/// The worker ids Lumina's hosts take by default, "{machine}-{process id}-{random}", and what such an id tells about its
/// process from this machine.
/// </summary>
public static class WorkerIds
{
    public static string ForThisProcess() => $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>
    /// The process id in <paramref name="workerId"/> and whether that process still runs, when it is a default id of
    /// this machine; null when the id cannot tell (another machine, or an id chosen by hand).
    /// </summary>
    public static (int ProcessId, bool Running)? LocalProcess(string workerId)
    {
        var prefix = Environment.MachineName + "-";
        if (!workerId.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = workerId[prefix.Length..];
        var dash = rest.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || !int.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var processId))
        {
            return null;
        }

        try
        {
            using var process = Process.GetProcessById(processId);
            return (processId, !process.HasExited);
        }
        catch (ArgumentException)
        {
            return (processId, false);
        }
    }
}
