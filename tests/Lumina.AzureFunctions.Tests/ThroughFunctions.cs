using System.Reflection;
using System.Text.Json;
using Lumina.AzureFunctions.Durable;
using Lumina.Durable;
using Lumina.Durable.Hosting;
using Lumina.Functions.Jobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Lumina.AzureFunctions.Tests;

/// <summary>
/// Registrations that dispatch every orchestration and activity name Lumina registers to the app's function of that
/// name, as the Functions worker does: the orchestration function gets the orchestration's context, the activity function its
/// input (deserialized to the function's parameter type), the calling instance id, the client and a FunctionContext
/// over the call's DI scope.
/// </summary>
internal static class ThroughFunctions
{
    /// <summary>The names dispatched to the app's functions so far, in this host.</summary>
    public sealed class Dispatched
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _names = new(StringComparer.Ordinal);

        public IReadOnlyCollection<string> Names => [.. _names.Keys];

        public void Add(string name) => _names.TryAdd(name, true);
    }

    /// <summary>Every name Lumina registers, each run through the app's function of that name.</summary>
    public static DurableTaskRegistrations Registrations()
    {
        var lumina = JobRegistration.Tasks();
        var tasks = new DurableTaskRegistrations();
        var addOrchestrator = typeof(DurableTaskRegistrations).GetMethod(nameof(DurableTaskRegistrations.AddOrchestrator))!;
        foreach (var (name, type) in lumina.Orchestrators)
        {
            // The worker's context deserializes the input as the type the function asks GetInput for; the shim does it
            // once, as the orchestrator's InputType: the input type of the class Lumina registers under that name.
            var input = ((ITaskOrchestrator)Activator.CreateInstance(type)!).InputType;
            addOrchestrator.MakeGenericMethod(typeof(OrchestrationFunction<>).MakeGenericType(input)).Invoke(tasks, [name]);
        }

        foreach (var name in lumina.Activities.Keys)
        {
            tasks.AddActivity<ActivityFunction>(name);
        }

        return tasks;
    }

    private static MethodInfo Find(Type functions, string name) =>
        functions.GetMethods(BindingFlags.Public | BindingFlags.Static).SingleOrDefault(m => m.GetCustomAttribute<FunctionAttribute>()?.Name == name)
        ?? throw new InvalidOperationException($"{functions.Name} has no function named '{name}'");

    private static async Task<object?> ResultOf(object? invoked)
    {
        var task = (Task)invoked!;
        await task;
        return task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task);
    }

    private sealed class OrchestrationFunction<TInput>(Dispatched dispatched) : ITaskOrchestrator
    {
        public Type InputType => typeof(TInput);

        public Type OutputType => typeof(object);

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
        {
            dispatched.Add(context.Name.Name);
            return ResultOf(Find(typeof(JobOrchestrations), context.Name.Name).Invoke(null, BindingFlags.DoNotWrapExceptions, null, [context], null));
        }
    }

    private sealed class ActivityFunction(IServiceProvider scope, Dispatched dispatched) : ITaskActivity
    {
        public Type InputType => typeof(JsonElement?);

        public Type OutputType => typeof(object);

        public Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            dispatched.Add(context.Name.Name);
            var function = Find(typeof(JobActivities), context.Name.Name);
            var parameters = function.GetParameters();
            Assert.NotNull(parameters[0].GetCustomAttribute<ActivityTriggerAttribute>());
            var value = input is JsonElement json ? json.Deserialize(parameters[0].ParameterType, DurableJson.Options) : null;
            // The worker binds the other parameters by type: the calling instance's id, the [DurableClient], the invocation.
            var arguments = parameters.Skip(1).Select(object (p) => p.ParameterType switch
            {
                var t when t == typeof(string) && p.Name == "instanceId" => context.InstanceId,
                var t when t == typeof(DurableTaskClient) && p.GetCustomAttribute<DurableClientAttribute>() is not null => scope.GetRequiredService<DurableTaskClient>(),
                var t when t == typeof(FunctionContext) => new TestFunctionContext(scope),
                _ => throw new InvalidOperationException($"{function.Name} has a parameter {p.Name} the worker would not bind"),
            });
            return ResultOf(function.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [value, .. arguments], null));
        }
    }
}
