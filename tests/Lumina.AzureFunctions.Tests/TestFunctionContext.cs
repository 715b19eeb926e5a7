using Microsoft.Azure.Functions.Worker;

namespace Lumina.AzureFunctions.Tests;

/// <summary>What an activity adapter reads of its invocation: the invocation's DI scope. The rest is the worker's and unused.</summary>
internal sealed class TestFunctionContext(IServiceProvider services) : FunctionContext
{
    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId => throw Unused();

    public override TraceContext TraceContext => throw Unused();

    public override BindingContext BindingContext => throw Unused();

    public override RetryContext RetryContext => throw Unused();

    public override IServiceProvider InstanceServices { get; set; } = services;

    public override FunctionDefinition FunctionDefinition => throw Unused();

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features => throw Unused();

    private static NotSupportedException Unused() => new("the adapters read only InstanceServices of their FunctionContext");
}
