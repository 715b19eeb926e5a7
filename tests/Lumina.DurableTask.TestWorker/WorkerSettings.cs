using System.Globalization;

namespace Lumina.DurableTask.TestWorker;

/// <summary>The command line: provider, its connection, task hub, worker name, activity delay (ms), the runs database.</summary>
public sealed record WorkerSettings(string Provider, string Connection, string TaskHub, string WorkerName, TimeSpan ActivityDelay, string RunsDatabase)
{
    public static WorkerSettings Parse(string[] args) => args.Length == 6
        ? new WorkerSettings(args[0], args[1], args[2], args[3], TimeSpan.FromMilliseconds(int.Parse(args[4], CultureInfo.InvariantCulture)), args[5])
        : throw new ArgumentException(
            "usage: Lumina.DurableTask.TestWorker <provider> <connection> <task hub> <worker name> <activity delay ms> <runs database connection string>");
}
