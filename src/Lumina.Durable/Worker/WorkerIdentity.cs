namespace Lumina.Durable.Worker;

/// <summary>The name a worker writes as lock owner: machine, process and a random part (one per hosted worker).</summary>
internal static class WorkerIdentity
{
    public static string Create() => $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
}
