using System.Diagnostics;
using System.Net;
using Lumina.Storage.Blobs.Azure;
using Lumina.Testing;

namespace Lumina.Storage.Tests.Blobs;

/// <summary>Faults come from a proxy in front of the real Azurite; every request that is not faulted reaches Azurite.</summary>
public sealed class RetryTests(AzuriteContainer azurite) : IClassFixture<AzuriteContainer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InjectedServiceUnavailableAnswersAreRetriedUntilTheRequestSucceeds()
    {
        var name = await UploadAsync([1, 2, 3]);
        await using var through = await ThroughProxy.StartAsync();
        through.Proxy.FailNext(3, HttpStatusCode.ServiceUnavailable);

        var properties = await through.Container(azurite.Name).GetPropertiesAsync(name, Ct);

        Assert.Equal(3, properties!.Size);
        Assert.Equal(4, through.Count("HEAD", name));
    }

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task EachTransientStatusIsRetried(HttpStatusCode status)
    {
        var name = await UploadAsync([4, 5]);
        await using var through = await ThroughProxy.StartAsync();
        through.Proxy.FailNext(1, status);

        await using var stream = await through.Container(azurite.Name).OpenReadAsync(name, range: null, Ct);

        Assert.Equal(2, stream.Length);
        Assert.Equal(2, through.Count("GET", name));
    }

    [Fact]
    public async Task RetryAfterIsHonoured()
    {
        var name = await UploadAsync([6]);
        await using var through = await ThroughProxy.StartAsync();
        through.Proxy.FailNext(2, HttpStatusCode.ServiceUnavailable, retryAfter: TimeSpan.FromSeconds(1));

        var watch = Stopwatch.StartNew();
        await through.Container(azurite.Name).GetPropertiesAsync(name, Ct);

        // The client's own backoff is 5 ms here: only Retry-After makes it wait two whole seconds.
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1.9), $"waited only {watch.Elapsed}");
        Assert.Equal(3, through.Count("HEAD", name));
    }

    [Fact]
    public async Task DroppedConnectionsAreRetried()
    {
        var name = await UploadAsync([7, 8, 9]);
        await using var through = await ThroughProxy.StartAsync();
        through.Proxy.DropNext(2);

        await using var stream = await through.Container(azurite.Name).OpenReadAsync(name, range: null, Ct);
        var content = new byte[3];
        await stream.ReadExactlyAsync(content, Ct);

        Assert.Equal([7, 8, 9], content);
        Assert.Equal(3, through.Count("GET", name));
    }

    [Fact]
    public async Task AnAttemptLeftUnansweredTimesOutAndIsRetried()
    {
        var name = await UploadAsync([1, 2]);
        await using var through = await ThroughProxy.StartAsync();
        through.Proxy.StallNext(1);
        var logger = new CapturingLogger();

        // Long enough that a loaded machine's Azurite answers the second attempt in time.
        var properties = await through.Container(azurite.Name, ThroughProxy.QuickRetries with { TryTimeout = TimeSpan.FromSeconds(2) }, logger)
            .GetPropertiesAsync(name, Ct);

        Assert.Equal(2, properties!.Size);
        Assert.Equal(2, through.Count("HEAD", name));
        Assert.Contains(logger.Messages, m => m.Contains("attempt 1 failed (The operation was cancelled because it exceeded the configured timeout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AttemptsThatAllTimeOutEndInAnErrorSayingSo()
    {
        await using var through = await ThroughProxy.StartAsync();
        through.Proxy.StallNext(2);
        var options = ThroughProxy.QuickRetries with { TryTimeout = TimeSpan.FromMilliseconds(300), MaxAttempts = 2 };

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => through.Container(azurite.Name, options).GetPropertiesAsync("slow.jpg", Ct));

        Assert.Null(error.Status);
        Assert.Contains("did not answer in time (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("; gave up after 2 attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, through.Count("HEAD", "slow.jpg"));
    }

    [Fact]
    public async Task AttemptsAreBoundedAndTheFinalErrorSaysSo()
    {
        var name = await UploadAsync([1]);
        await using var through = await ThroughProxy.StartAsync();
        through.Proxy.FailNext(100, HttpStatusCode.ServiceUnavailable);

        var error = await Assert.ThrowsAsync<BlobStorageException>(() =>
            through.Container(azurite.Name, ThroughProxy.QuickRetries with { MaxAttempts = 3 }).GetPropertiesAsync(name, Ct));

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Get Blob Properties"), (error.Status, error.Operation));
        Assert.Contains($"Get Blob Properties of '{name}' in container '{azurite.Name}' failed: the service kept failing; gave up after 3 attempts (HTTP 503", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, through.Count("HEAD", name));
    }

    [Fact]
    public async Task ClientErrorsAreNotRetried()
    {
        await using var through = await ThroughProxy.StartAsync();
        var missing = TestAzurite.UniqueContainerName("missing");

        await Assert.ThrowsAsync<BlobStorageException>(() => through.Container(missing).GetPropertiesAsync("a.jpg", Ct));

        Assert.Single(through.Proxy.Requests);
    }

    [Fact]
    public async Task RetryLogsNameTheBlobButNeitherTheKeyNorTheSignature()
    {
        var name = await UploadAsync([1]);
        await using var through = await ThroughProxy.StartAsync();
        var sas = ServiceSas.ForContainer(TestAzurite.DevelopmentAccount, TestAzurite.DevelopmentKey, azurite.Name, "rl", DateTimeOffset.UtcNow.AddHours(1));
        var logger = new CapturingLogger();
        var viaKey = through.Container(azurite.Name, logger: logger);
        var viaSas = new AzureBlobContainer(
            StorageConnection.ForBlobs($"{through.Proxy.Address}{TestAzurite.DevelopmentAccount}/{azurite.Name}?{sas}"), azurite.Name, ThroughProxy.QuickRetries, logger);
        through.Proxy.FailNext(1, HttpStatusCode.ServiceUnavailable);
        await viaKey.GetPropertiesAsync(name, Ct);
        through.Proxy.FailNext(1, HttpStatusCode.ServiceUnavailable);
        await viaSas.GetPropertiesAsync(name, Ct);

        var signature = Uri.UnescapeDataString(sas.Split("sig=")[1]);
        Assert.Equal(2, logger.Messages.Count(m => m.Contains($"HEAD /{TestAzurite.DevelopmentAccount}/{azurite.Name}/{name}: attempt 1 failed (HTTP 503 InjectedFault)", StringComparison.Ordinal)));
        Assert.All(logger.Messages, m =>
        {
            Assert.DoesNotContain(TestAzurite.DevelopmentKey[..16], m, StringComparison.Ordinal);
            Assert.DoesNotContain(signature[..16], m, StringComparison.Ordinal);
            Assert.DoesNotContain("sig=", m, StringComparison.Ordinal);
        });
    }

    private async Task<string> UploadAsync(byte[] content)
    {
        var name = $"retry/{Guid.NewGuid():N}.jpg";
        await azurite.Default.UploadAsync(name, new MemoryStream(content), "image/jpeg", metadata: null, Ct);
        return name;
    }
}
