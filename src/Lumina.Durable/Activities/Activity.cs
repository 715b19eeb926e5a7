namespace Lumina.Durable.Activities;

/// <summary>An activity as a class; registered by name and resolved from a new DI scope for each call.</summary>
public interface IActivity
{
    Type InputType { get; }

    Task<object?> RunAsync(ActivityContext context, object? input);
}

/// <summary>Base class of a typed activity. Activities may do I/O; they should be idempotent (they can run twice after a crash).</summary>
public abstract class Activity<TInput, TOutput> : IActivity
{
    Type IActivity.InputType => typeof(TInput);

    public abstract Task<TOutput> RunAsync(ActivityContext context, TInput input);

    async Task<object?> IActivity.RunAsync(ActivityContext context, object? input) =>
        await RunAsync(context, input is null ? default! : (TInput)input);
}
