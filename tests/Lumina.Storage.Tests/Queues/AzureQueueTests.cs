using Lumina.Storage.Queues;
using Lumina.Storage.Tests.Blobs;
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
    public async Task ASharedAccessSignatureSendsButCannotCreate()
    {
        var connection = await TestAzurite.QueueConnectionStringAsync();
        var name = $"sas-{Guid.NewGuid():N}";
        await AzureQueue.Create(connection, name).CreateIfNotExistsAsync(Ct);
        var endpoint = connection.Split(';').Single(p => p.StartsWith("QueueEndpoint=", StringComparison.Ordinal));
        var sas = ServiceSas.ForQueue(TestAzurite.DevelopmentAccount, TestAzurite.DevelopmentKey, name, "ar", DateTimeOffset.UtcNow.AddHours(1));
        var queue = AzureQueue.Create($"{endpoint};SharedAccessSignature={sas}", name);

        await queue.SendAsync("by signature", Ct);
        var count = await queue.CountAsync(Ct);
        var create = await Assert.ThrowsAsync<IOException>(() => AzureQueue.Create($"{endpoint};SharedAccessSignature={sas}", "other").CreateIfNotExistsAsync(Ct));

        Assert.Equal(1, count);
        Assert.StartsWith("could not create queue on queue other: 403 Forbidden", create.Message);
        Assert.DoesNotContain("sig=", create.Message);
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
    [InlineData("AccountKey=abc", "has AccountKey but no AccountName")]
    [InlineData("AccountName=a", "has neither AccountKey nor SharedAccessSignature")]
    [InlineData("AccountName=a;AccountKey=not base64!", "has an AccountKey that is not valid base64")]
    [InlineData("AccountName=a;AccountKey=AAAA;QueueEndpoint=::nope", "has a QueueEndpoint that is not an http(s) URL")]
    [InlineData("UseDevelopmentStorage=true;QueueEndpoint=http://127.0.0.1:1/a", "combines UseDevelopmentStorage=true with QueueEndpoint")]
    public void ABadConnectionStringSaysWhatIsWrong(string connection, string problem)
    {
        var error = Assert.Throws<FormatException>(() => AzureQueue.Create(connection, "queue"));

        Assert.StartsWith($"The queue connection string {problem}", error.Message);
    }

    [Theory]
    [InlineData("Work")]
    [InlineData("ab")]
    [InlineData("work--queue")]
    [InlineData("work queue")]
    public void ABadQueueNameSaysWhatQueueNamesMayBe(string name)
    {
        var error = Assert.Throws<FormatException>(() => AzureQueue.Create("UseDevelopmentStorage=true", name));

        Assert.Equal($"The queue name '{name}' is not valid: 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.", error.Message);
    }
}
