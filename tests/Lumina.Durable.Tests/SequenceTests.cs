namespace Lumina.Durable.Tests;

public sealed class SequenceTests : IAsyncLifetime
{
    private DurableTestHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        var connectionString = await DurableTestHost.CreateDatabaseAsync("sequence");
        _host = await DurableTestHost.StartAsync(connectionString, durable => durable
            .AddOrchestrator<string, List<string>>("Greetings", async (context, name) =>
            [
                await context.CallActivityAsync<string>("Hello", "Tokyo"),
                await context.CallActivityAsync<string>("Hello", "Seattle"),
                await context.CallActivityAsync<string>("Hello", name),
            ])
            .AddActivity<string, string>("Hello", (_, city) => Task.FromResult($"Hello {city}!")));
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task ASequenceOfActivitiesCompletesWithTheResultsInOrder()
    {
        var done = await _host.RunAsync("Greetings", "London");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(["Hello Tokyo!", "Hello Seattle!", "Hello London!"], done.ReadOutputAs<List<string>>());
        Assert.Equal("\"London\"", done.SerializedInput);
    }
}
