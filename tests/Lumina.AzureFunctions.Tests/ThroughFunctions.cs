using System.Reflection;
using System.Text.Json;
using Lumina.AzureFunctions.Durable;
using Lumina.Durable;
using Lumina.Durable.Hosting;
using Lumina.Functions.Jobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Lumina.AzureFunctions.Tests;

/// <summary>
/// Lumina's local engine dispatching every orchestration and activity name to the app's function of that name, as
/// the Functions worker does: the orchestration function gets the orchestration's context, the activity function its
/// input (deserialized to the function's parameter type), the calling instance id and a FunctionContext over the
/// call's DI scope.
/// </summary>
internal static class ThroughFunctions
{
    /// <summary>Every name Lumina registers, each run through the app's function of that name.</summary>
    public static DurableTaskRegistrations Registrations()
    {
        var lumina = JobRegistration.Tasks();
        var tasks = new DurableTaskRegistrations();
        foreach (var name in lumina.Orchestrators.Keys)
        {
            tasks.AddOrchestrator<OrchestrationFunction>(name);
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

    private sealed class OrchestrationFunction : ITaskOrchestrator
    {
        public Type InputType => typeof(JsonElement?);

        public Type OutputType => typeof(object);

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input) =>
            ResultOf(Find(typeof(JobOrchestrations), context.Name.Name).Invoke(null, [context]));
    }

    private sealed class ActivityFunction(IServiceProvider scope) : ITaskActivity
    {
        public Type InputType => typeof(JsonElement?);

        public Type OutputType => typeof(object);

        public Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            var function = Find(typeof(JobActivities), context.Name.Name);
            var parameters = function.GetParameters();
            Assert.NotNull(parameters[0].GetCustomAttribute<ActivityTriggerAttribute>());
            var value = input is JsonElement json ? json.Deserialize(parameters[0].ParameterType, DurableJson.Options) : null;
            return ResultOf(function.Invoke(null, [value, context.InstanceId, new TestFunctionContext(scope)]));
        }
    }
}
