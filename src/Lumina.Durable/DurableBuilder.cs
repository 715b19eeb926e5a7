using System.Text.Json;
using Lumina.Durable.Activities;
using Lumina.Durable.Orchestration;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lumina.Durable;

/// <summary>Registers orchestrators and activities by name (case-insensitive). Returned by <c>AddLuminaDurable</c>.</summary>
public sealed class DurableBuilder
{
    private readonly DurableRegistry _registry;

    internal DurableBuilder(IServiceCollection services, DurableRegistry registry)
    {
        Services = services;
        _registry = registry;
    }

    public IServiceCollection Services { get; }

    /// <summary>An orchestrator function: <c>(context, input) =&gt; Task&lt;output&gt;</c>.</summary>
    public DurableBuilder AddOrchestrator<TInput, TOutput>(string name, Func<OrchestrationContext, TInput, Task<TOutput>> orchestrator)
    {
        ArgumentNullException.ThrowIfNull(orchestrator);
        _registry.Add(new OrchestratorRegistration(name, async (_, context, input) =>
            DurableJson.Serialize(await orchestrator(context, ReadInput<TInput>("orchestrator", name, input)))));
        return this;
    }

    /// <summary>An orchestrator class, created for each execution; named after the class unless <paramref name="name"/> is given.</summary>
    public DurableBuilder AddOrchestrator<TOrchestrator>(string? name = null) where TOrchestrator : class, IOrchestrator
    {
        var registered = name ?? typeof(TOrchestrator).Name;
        _registry.Add(new OrchestratorRegistration(registered, async (services, context, input) =>
        {
            var orchestrator = ActivatorUtilities.CreateInstance<TOrchestrator>(services);
            var output = await orchestrator.RunAsync(context, ReadInput("orchestrator", registered, input, orchestrator.InputType));
            return DurableJson.Serialize(output);
        }));
        return this;
    }

    /// <summary>An activity function: <c>(context, input) =&gt; Task&lt;result&gt;</c>; services come from <see cref="ActivityContext.Services"/>.</summary>
    public DurableBuilder AddActivity<TInput, TOutput>(string name, Func<ActivityContext, TInput, Task<TOutput>> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        _registry.Add(new ActivityRegistration(name, async (context, input) =>
            DurableJson.Serialize(await activity(context, ReadInput<TInput>("activity", name, input)))));
        return this;
    }

    /// <summary>An activity class, resolved from a new DI scope for each call (registered there or created with constructor injection).</summary>
    public DurableBuilder AddActivity<TActivity>(string? name = null) where TActivity : class, IActivity
    {
        var registered = name ?? typeof(TActivity).Name;
        _registry.Add(new ActivityRegistration(registered, async (context, input) =>
        {
            var activity = ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(context.Services);
            var result = await activity.RunAsync(context, ReadInput("activity", registered, input, activity.InputType));
            return DurableJson.Serialize(result);
        }));
        return this;
    }

    /// <summary>A Microsoft.DurableTask orchestrator class, created for each execution and run through <see cref="Bridge.LegacyOrchestrationContext"/>.</summary>
    public DurableBuilder AddTaskOrchestrator(string name, Type type)
    {
        _registry.Add(new OrchestratorRegistration(name, async (services, context, input) =>
        {
            var orchestrator = (ITaskOrchestrator)ActivatorUtilities.CreateInstance(services, type);
            var output = await orchestrator.RunAsync(
                new Bridge.LegacyOrchestrationContext(context, services.GetRequiredService<ILoggerFactory>()),
                ReadInput("orchestrator", name, input, orchestrator.InputType));
            return DurableJson.Serialize(output);
        }));
        return this;
    }

    /// <summary>A Microsoft.DurableTask activity class, resolved from a new DI scope for each call.</summary>
    public DurableBuilder AddTaskActivity(string name, Type type)
    {
        _registry.Add(new ActivityRegistration(name, async (context, input) =>
        {
            var activity = (ITaskActivity)ActivatorUtilities.GetServiceOrCreateInstance(context.Services, type);
            var result = await activity.RunAsync(
                new Bridge.LegacyActivityContext(name, context.InstanceId), ReadInput("activity", name, input, activity.InputType));
            return DurableJson.Serialize(result);
        }));
        return this;
    }

    /// <summary>Every orchestrator and activity of <paramref name="tasks"/>.</summary>
    public DurableBuilder AddTasks(Hosting.DurableTaskRegistrations tasks)
    {
        foreach (var (name, type) in tasks.Orchestrators)
        {
            AddTaskOrchestrator(name, type);
        }

        foreach (var (name, type) in tasks.Activities)
        {
            AddTaskActivity(name, type);
        }

        return this;
    }

    private static T ReadInput<T>(string kind, string name, string? json) =>
        (T)ReadInput(kind, name, json, typeof(T))!;

    private static object? ReadInput(string kind, string name, string? json, Type type)
    {
        try
        {
            return DurableJson.Deserialize(json, type) ?? (type.IsValueType ? Activator.CreateInstance(type) : null);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The input of {kind} '{name}' cannot be read as {type.Name}: {e.Message}", e);
        }
    }
}
