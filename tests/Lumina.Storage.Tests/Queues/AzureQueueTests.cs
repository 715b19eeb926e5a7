using Lumina.Storage.Queues;
using Lumina.Testing;

namespace Lumina.Storage.Tests.Queues;

/// <summary>The work queue client against Azurite's queue service.</summary>
public sealed class AzureQueueTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AQueueIsCreatedOnceAndCountsTheMessagesSentToIt()
    {
        var queue = AzureQueue.Create(await TestAzurite.QueueConnectionStringAsync(), $"work-{Guid.NewGuid():N}");

        await queue.CreateIfNotExistsAsync(Ct);
        await queue.CreateIfNotExistsAsync(Ct);
        await queue.SendAsync("""{"job":"a","part":0}""", Ct);
        await queue.SendAsync("<tags & such>", Ct);

        Assert.Equal(2, await queue.CountAsync(Ct));
    }

    [Fact]
    public async Task AWrongKeyIsRefusedWithTheServiceErrorCode()
    {
        var connection = (await TestAzurite.QueueConnectionStringAsync()).Replace(TestAzurite.DevelopmentKey, Convert.ToBase64String(new byte[64]));
        var queue = AzureQueue.Create(connection, "denied");

        var error = await Assert.ThrowsAsync<IOException>(() => queue.CreateIfNotExistsAsync(Ct));

        Assert.StartsWith("could not create queue on queue denied: 403 Forbidden ", error.Message);
    }

    [Fact]
    public async Task AnUnreachableServiceIsNamed()
    {
        var queue = AzureQueue.Create(
            $"AccountName=a;AccountKey={TestAzurite.DevelopmentKey};QueueEndpoint=http://127.0.0.1:1/a", "nowhere");

        var error = await Assert.ThrowsAsync<IOException>(() => queue.SendAsync("x", Ct));

        Assert.StartsWith("queue nowhere at http://127.0.0.1:1 is unreachable: ", error.Message);
    }

    [Theory]
    [InlineData("AccountKey=abc", "has no AccountName")]
    [InlineData("AccountName=a", "has no AccountKey")]
    [InlineData("AccountName=a;AccountKey=not base64!", "has an AccountKey that is not base64")]
    [InlineData("AccountName=a;AccountKey=AAAA;QueueEndpoint=::nope", "has a QueueEndpoint that is not a URL")]
    public void ABadConnectionStringSaysWhatIsWrong(string connection, string problem)
    {
        var error = Assert.Throws<FormatException>(() => AzureQueue.Create(connection, "q"));

        Assert.StartsWith($"the queue connection string {problem}", error.Message);
    }
}
