using Microsoft.DurableTask;

namespace Lumina.Durable.Hosting;

/// <summary>
/// The orchestrators (<see cref="ITaskOrchestrator"/>) and activities (<see cref="ITaskActivity"/>) of a process, by the
/// name callers use. A class may be registered under several names; it reads its own from the context.
/// </summary>
public sealed class DurableTaskRegistrations
{
    private readonly Dictionary<string, Type> _orchestrators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Type> _activities = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Type> Orchestrators => _orchestrators;

    public IReadOnlyDictionary<string, Type> Activities => _activities;

    public DurableTaskRegistrations AddOrchestrator<T>(string name) where T : class, ITaskOrchestrator => Add(_orchestrators, name, typeof(T), "orchestrator");

    public DurableTaskRegistrations AddActivity<T>(string name) where T : class, ITaskActivity => Add(_activities, name, typeof(T), "activity");

    /// <summary>Adds every registration of <paramref name="other"/>.</summary>
    public void AddAll(DurableTaskRegistrations other)
    {
        foreach (var (name, type) in other.Orchestrators)
        {
            Add(_orchestrators, name, type, "orchestrator");
        }

        foreach (var (name, type) in other.Activities)
        {
            Add(_activities, name, type, "activity");
        }
    }

    /// <summary>The registered orchestrator names, sorted, for messages.</summary>
    public string OrchestratorNames => _orchestrators.Count == 0 ? "none" : string.Join(", ", _orchestrators.Keys.Order(StringComparer.Ordinal));

    private DurableTaskRegistrations Add(Dictionary<string, Type> map, string name, Type type, string kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!map.TryAdd(name, type))
        {
            throw new InvalidOperationException($"An {kind} named '{name}' is already registered.");
        }

        return this;
    }
}
