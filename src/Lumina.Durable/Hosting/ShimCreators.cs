using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using CoreContext = DurableTask.Core.OrchestrationContext;

namespace Lumina.Durable.Hosting;

/// <summary>
/// Gives DTFx's worker a new shim around a new orchestrator for every execution. The worker looks creators up by
/// name and version, so <see cref="Version"/> is empty. The shim is made when the episode runs, after
/// <see cref="ParentMiddleware"/> has told it its parent.
/// </summary>
internal sealed class OrchestratorCreator : ObjectCreator<TaskOrchestration>
{
    private readonly Type _type;
    private readonly IServiceProvider _services;
    private readonly DurableTaskShimFactory _shims;

    public OrchestratorCreator(string name, Type type, IServiceProvider services, DurableTaskShimFactory shims)
    {
        Name = name;
        Version = "";
        (_type, _services, _shims) = (type, services, shims);
    }

    public override TaskOrchestration Create() =>
        new DeferredOrchestration(() => (ITaskOrchestrator)ActivatorUtilities.CreateInstance(_services, _type), Name, _shims);
}

/// <summary>An orchestration whose shim is created on its first <see cref="Execute"/>, with the parent known by then.</summary>
internal sealed class DeferredOrchestration(Func<ITaskOrchestrator> create, string name, DurableTaskShimFactory shims) : TaskOrchestration
{
    private TaskOrchestration? _shim;

    public ParentOrchestrationInstance? Parent { get; set; }

    public override Task<string> Execute(CoreContext context, string input)
    {
        _shim ??= shims.CreateOrchestration(name, create(), Parent);
        return _shim.Execute(context, input);
    }

    public override void RaiseEvent(CoreContext context, string name, string input) => Shim.RaiseEvent(context, name, input);

    public override string GetStatus() => Shim.GetStatus();

    private TaskOrchestration Shim => _shim ?? throw new InvalidOperationException("The orchestration has not started its episode yet.");
}

/// <summary>Gives DTFx's worker an activity that resolves its class from a new DI scope for every call (constructor injection).</summary>
internal sealed class ActivityCreator : ObjectCreator<TaskActivity>
{
    private readonly Type _type;
    private readonly IServiceScopeFactory _scopes;
    private readonly DurableTaskShimFactory _shims;

    public ActivityCreator(string name, Type type, IServiceScopeFactory scopes, DurableTaskShimFactory shims)
    {
        Name = name;
        Version = "";
        (_type, _scopes, _shims) = (type, scopes, shims);
    }

    public override TaskActivity Create() => new ScopedActivity(Name, _type, _scopes, _shims);
}

internal sealed class ScopedActivity(string name, Type type, IServiceScopeFactory scopes, DurableTaskShimFactory shims) : TaskActivity
{
    public override string Run(TaskContext context, string input) =>
        throw new NotSupportedException("Activities run asynchronously (RunAsync).");

    public override async Task<string> RunAsync(TaskContext context, string input)
    {
        await using var scope = scopes.CreateAsyncScope();
        var activity = (ITaskActivity)ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, type);
        return await shims.CreateActivity(name, activity).RunAsync(context, input);
    }
}
