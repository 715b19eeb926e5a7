using Lumina.Durable.Activities;
using Lumina.Durable.Client;
using Lumina.Durable.Orchestration;
using Microsoft.Extensions.DependencyInjection;

namespace Lumina.Durable.Tests;

public sealed class RegistrationTests : IAsyncLifetime
{
    private DurableTestHost _host = null!;

    public async ValueTask InitializeAsync() =>
        _host = await DurableTestHost.StartAsync(await DurableTestHost.CreateDatabaseAsync("registration"), durable =>
        {
            durable.Services.AddSingleton(new Greeting("Hello"));
            durable.Services.AddScoped<CallScope>();
            durable.AddOrchestrator<GreetAll>()
                .AddActivity<Greet>()
                .AddOrchestrator<object?, int>("CallsMissing", (context, _) => context.CallActivityAsync<int>("Missing"))
                .AddOrchestrator<int, int>("TakesANumber", (_, n) => Task.FromResult(n));
        });

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task ClassesGetTheirServicesAndEachActivityCallItsOwnScope()
    {
        var done = await _host.RunAsync(nameof(GreetAll), new[] { "Ann", "Bo" });

        var greetings = done.ReadOutputAs<List<string>>()!;
        Assert.Equal(["Hello Ann", "Hello Bo"], greetings.Select(g => g[..g.IndexOf(" #", StringComparison.Ordinal)]));
        Assert.Equal(2, greetings.Select(g => g[g.IndexOf('#', StringComparison.Ordinal)..]).Distinct().Count());
    }

    [Fact]
    public async Task StartingAnUnknownOrchestratorIsRefusedNamingTheKnownOnes()
    {
        var error = await Assert.ThrowsAsync<OrchestratorNotFoundException>(() => _host.StartAsync("Nope"));

        Assert.Equal("No orchestrator named 'Nope' is registered (registered: CallsMissing, GreetAll, TakesANumber).", error.Message);
    }

    [Fact]
    public async Task CallingAnUnknownActivityFailsTheOrchestrationWithTheActivityName()
    {
        var done = await _host.RunAsync("CallsMissing");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("No activity named 'Missing' is registered in this worker (registered: Greet)", done.FailureDetails!.ErrorMessage);
    }

    [Fact]
    public async Task AnInputOfTheWrongShapeFailsTheOrchestrationSayingWhy()
    {
        var done = await _host.RunAsync("TakesANumber", "not a number");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.StartsWith("The input of orchestrator 'TakesANumber' cannot be read as Int32:", done.FailureDetails!.ErrorMessage);
    }

    public sealed record Greeting(string Word);

    public sealed class CallScope
    {
        public Guid Id { get; } = Guid.NewGuid();
    }

    public sealed class GreetAll : Orchestrator<string[], List<string>>
    {
        public override async Task<List<string>> RunAsync(OrchestrationContext context, string[] input) =>
            [.. await Task.WhenAll(input.Select(name => context.CallActivityAsync<string>(nameof(Greet), name)))];
    }

    public sealed class Greet(Greeting greeting, CallScope scope) : Activity<string, string>
    {
        public override Task<string> RunAsync(ActivityContext context, string input) =>
            Task.FromResult($"{greeting.Word} {input} #{scope.Id}");
    }
}
