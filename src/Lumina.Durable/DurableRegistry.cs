using Lumina.Durable.Activities;
using Lumina.Durable.Orchestration;

namespace Lumina.Durable;

/// <summary>An orchestrator by name: runs it with a serialized input and returns its serialized output.</summary>
internal sealed record OrchestratorRegistration(
    string Name, Func<IServiceProvider, OrchestrationContext, string?, Task<string?>> Run);

/// <summary>An activity by name: runs it (in a DI scope) with a serialized input and returns its serialized result.</summary>
internal sealed record ActivityRegistration(
    string Name, Func<ActivityContext, string?, Task<string?>> Run);

/// <summary>The orchestrators and activities this process knows, by case-insensitive name.</summary>
internal sealed class DurableRegistry
{
    private readonly Dictionary<string, OrchestratorRegistration> _orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ActivityRegistration> _activities = new(StringComparer.OrdinalIgnoreCase);

    public void Add(OrchestratorRegistration registration) => AddUnique(_orchestrators, registration.Name, registration, "orchestrator");

    public void Add(ActivityRegistration registration) => AddUnique(_activities, registration.Name, registration, "activity");

    public OrchestratorRegistration? FindOrchestrator(string name) => _orchestrators.GetValueOrDefault(name);

    public ActivityRegistration? FindActivity(string name) => _activities.GetValueOrDefault(name);

    public string OrchestratorNames => Names(_orchestrators.Keys);

    public string ActivityNames => Names(_activities.Keys);

    private static string Names(IEnumerable<string> names) =>
        string.Join(", ", names.Order(StringComparer.OrdinalIgnoreCase)) is { Length: > 0 } list ? list : "none";

    private static void AddUnique<T>(Dictionary<string, T> map, string name, T registration, string kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!map.TryAdd(name, registration))
        {
            throw new InvalidOperationException($"An {kind} named '{name}' is already registered.");
        }
    }
}
