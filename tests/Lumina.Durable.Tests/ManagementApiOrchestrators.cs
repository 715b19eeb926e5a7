using System.Text.Json;
using Lumina.Durable.Hosting;
using Microsoft.DurableTask;

namespace Lumina.Durable.Tests;

/// <summary>The orchestrators the management API tests start: Echo returns its input, WaitForGo waits for the event "go".</summary>
public static class ManagementApiOrchestrators
{
    public static DurableTaskRegistrations Tasks() => new DurableTaskRegistrations()
        .AddOrchestrator<Echo>(nameof(Echo))
        .AddOrchestrator<WaitForGo>(nameof(WaitForGo));

    public sealed class Echo : TaskOrchestrator<JsonElement?, JsonElement?>
    {
        public override Task<JsonElement?> RunAsync(TaskOrchestrationContext context, JsonElement? input) => Task.FromResult(input);
    }

    public sealed class WaitForGo : TaskOrchestrator<object?, string>
    {
        public override Task<string> RunAsync(TaskOrchestrationContext context, object? input) => context.WaitForExternalEvent<string>("go");
    }
}
