using DurableTask.Core;
using DurableTask.Core.Middleware;
using Microsoft.DurableTask;

namespace Lumina.Durable.Hosting;

/// <summary>
/// Supplies <c>TaskOrchestrationContext.Parent</c> to sub-orchestrations: the creator cannot (it has no context), so this
/// orchestration-dispatcher middleware reads the parent from the runtime state before the episode runs.
/// </summary>
internal static class ParentMiddleware
{
    public static Task RunAsync(DispatchMiddlewareContext context, Func<Task> next)
    {
        if (context.GetProperty<TaskOrchestration>() is DeferredOrchestration orchestration
            && context.GetProperty<OrchestrationRuntimeState>()?.ParentInstance is { } parent)
        {
            orchestration.Parent = new ParentOrchestrationInstance(parent.Name, parent.OrchestrationInstance.InstanceId);
        }

        return next();
    }
}
