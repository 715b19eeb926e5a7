using System.Globalization;

namespace Lumina.Durable.TestWorker;

/// <summary>The command line: connection string, task hub, worker name, lock timeout (ms), activity delay (ms), shutdown timeout (ms).</summary>
internal sealed record WorkerSettings(
    string ConnectionString, string TaskHub, string WorkerName, TimeSpan LockTimeout, TimeSpan ActivityDelay, TimeSpan ShutdownTimeout)
{
    public static WorkerSettings Parse(string[] args) => args.Length == 6
        ? new WorkerSettings(args[0], args[1], args[2], Milliseconds(args[3]), Milliseconds(args[4]), Milliseconds(args[5]))
        : throw new ArgumentException(
            "usage: Lumina.Durable.TestWorker <connection string> <task hub> <worker name> <lock timeout ms> <activity delay ms> <shutdown timeout ms>");

    private static TimeSpan Milliseconds(string text) => TimeSpan.FromMilliseconds(int.Parse(text, CultureInfo.InvariantCulture));
}
