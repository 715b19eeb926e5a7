using Microsoft.DurableTask;

namespace Lumina.AzureFunctions.Durable;

/// <summary>The context an activity class gets when its function adapter runs it: its name and the calling instance.</summary>
public sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;
}
