using System.Globalization;

namespace Lumina.Durable.ProviderWorker;

/// <summary>The command line: connection string, task hub, worker name, lock timeout (ms), activity delay (ms).</summary>
internal sealed record WorkerSettings(string ConnectionString, string TaskHub, string WorkerName, TimeSpan LockTimeout, TimeSpan ActivityDelay)
{
    public static WorkerSettings Parse(string[] args) => args.Length == 5
        ? new WorkerSettings(args[0], args[1], args[2], Milliseconds(args[3]), Milliseconds(args[4]))
        : throw new ArgumentException(
            "usage: Lumina.Durable.ProviderWorker <connection string> <task hub> <worker name> <lock timeout ms> <activity delay ms>");

    private static TimeSpan Milliseconds(string text) => TimeSpan.FromMilliseconds(int.Parse(text, CultureInfo.InvariantCulture));
}
