namespace Lumina.Durable.Orchestration;

/// <summary>An orchestrator as a class; registered by name and created for each execution (constructor injection works).</summary>
public interface IOrchestrator
{
    Type InputType { get; }

    Task<object?> RunAsync(OrchestrationContext context, object? input);
}

/// <summary>Base class of a typed orchestrator.</summary>
public abstract class Orchestrator<TInput, TOutput> : IOrchestrator
{
    Type IOrchestrator.InputType => typeof(TInput);

    public abstract Task<TOutput> RunAsync(OrchestrationContext context, TInput input);

    async Task<object?> IOrchestrator.RunAsync(OrchestrationContext context, object? input) =>
        await RunAsync(context, input is null ? default! : (TInput)input);
}
