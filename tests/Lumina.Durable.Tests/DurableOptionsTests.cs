using Lumina.Durable.Orchestration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lumina.Durable.Tests;

public sealed class DurableOptionsTests
{
    [Fact]
    public void TheDefaultsAreValid()
    {
        var options = new DurableOptions();
        options.Validate();
        Assert.Equal("default", options.TaskHub);
        Assert.Equal(TimeSpan.FromMinutes(2), options.LockTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(50), options.MinPollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(3), options.MaxPollingInterval);
    }

    public static TheoryData<Action<DurableOptions>, string> InvalidSettings => new()
    {
        { o => o.TaskHub = "two words", "TaskHub" },
        { o => o.TaskHub = "", "TaskHub" },
        { o => o.LockTimeout = TimeSpan.Zero, "LockTimeout" },
        { o => o.MaxConcurrentOrchestrations = -1, "MaxConcurrentOrchestrations" },
        { o => o.MaxConcurrentActivities = -1, "MaxConcurrentActivities" },
        { o => o.MaxEventsPerEpisode = 0, "MaxEventsPerEpisode" },
        { o => o.MaxActivitiesPerClaim = 0, "MaxActivitiesPerClaim" },
        { o => o.MaxDequeueCount = 0, "MaxDequeueCount" },
        { o => o.MaxCachedOrchestrations = -5, "MaxCachedOrchestrations" },
        { o => o.MinPollingInterval = TimeSpan.Zero, "MinPollingInterval" },
        { o => o.MaxPollingInterval = TimeSpan.FromMilliseconds(10), "MaxPollingInterval" },
        { o => o.CachedOrchestrationIdleTimeout = TimeSpan.FromSeconds(-1), "CachedOrchestrationIdleTimeout" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void AnInvalidSettingIsRejectedByName(Action<DurableOptions> change, string property)
    {
        var options = new DurableOptions();
        change(options);

        var error = Assert.Throws<InvalidOperationException>(options.Validate);
        Assert.StartsWith($"DurableOptions.{property} ", error.Message);
    }

    [Fact]
    public void TheRuntimeRefusesInvalidOptionsWhenItIsResolved()
    {
        var services = new ServiceCollection();
        services.AddLuminaDurable(o => o.LockTimeout = TimeSpan.Zero);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptions<DurableOptions>>().Value);
        Assert.Contains("DurableOptions.LockTimeout", error.Message);
    }

    [Fact]
    public void ANameCanBeRegisteredOnlyOnceWhateverItsCase()
    {
        var durable = new ServiceCollection().AddLuminaDurable()
            .AddActivity<int, int>("Square", (_, x) => Task.FromResult(x * x));

        var error = Assert.Throws<InvalidOperationException>(() => durable.AddActivity<int, int>("square", (_, x) => Task.FromResult(x)));
        Assert.Contains("'square' is already registered", error.Message);
    }

    [Fact]
    public void RetryDelaysGrowByTheCoefficientUpToTheMaximum()
    {
        var policy = new RetryPolicy(6, TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(5));

        Assert.Equal(
            [1, 2, 4, 5, 5],
            Enumerable.Range(1, 5).Select(n => policy.DelayAfterAttempt(n).TotalSeconds));
        Assert.Equal(Timeout.InfiniteTimeSpan, policy.RetryTimeout);
    }

    [Fact]
    public void ARetryPolicyRejectsImpossibleSettingsByParameter()
    {
        Assert.Equal("maxNumberOfAttempts", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(0, TimeSpan.FromSeconds(1))).ParamName);
        Assert.Equal("firstRetryInterval", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(3, TimeSpan.Zero)).ParamName);
        Assert.Equal("backoffCoefficient", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(3, TimeSpan.FromSeconds(1), 0.5)).ParamName);
        Assert.Equal("maxRetryInterval", Assert.Throws<ArgumentOutOfRangeException>(
            () => new RetryPolicy(3, TimeSpan.FromSeconds(2), maxRetryInterval: TimeSpan.FromSeconds(1))).ParamName);
        Assert.Equal("retryTimeout", Assert.Throws<ArgumentOutOfRangeException>(
            () => new RetryPolicy(3, TimeSpan.FromSeconds(1), retryTimeout: TimeSpan.Zero)).ParamName);
    }
}
