using System.Collections.Concurrent;

namespace Lumina.Durable.Worker;

/// <summary>The work this process holds locks on: renewed while it runs, released at shutdown if unfinished.</summary>
internal sealed class InFlightWork
{
    public ConcurrentDictionary<string, byte> Instances { get; } = new();

    public ConcurrentDictionary<long, byte> Tasks { get; } = new();
}
