using Lumina.Durable.Postgres;

namespace Lumina.Durable.Tests.Postgres;

public sealed class SettingsTests
{
    private static PostgresOrchestrationServiceSettings Valid() => new() { ConnectionString = "Host=127.0.0.1" };

    [Fact]
    public void TheDefaultsAreValidAndDocumented()
    {
        var settings = Valid();
        settings.Validate();

        Assert.Equal("default", settings.TaskHub);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.LockTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(50), settings.MinPollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(3), settings.MaxPollingInterval);
        Assert.Equal(8000, settings.MaxInlinePayloadSize);
        Assert.True(settings.UseNotifications);
        Assert.NotEqual(settings.WorkerId, Valid().WorkerId);
    }

    public static TheoryData<string, Action<PostgresOrchestrationServiceSettings>> Invalid() => new()
    {
        { "DataSource", s => s.ConnectionString = null },
        { "TaskHub", s => s.TaskHub = "no spaces" },
        { "WorkerId", s => s.WorkerId = "a|b" },
        { "LockTimeout", s => s.LockTimeout = TimeSpan.FromSeconds(5) },
        { "MaxConcurrentOrchestrations", s => s.MaxConcurrentOrchestrations = 0 },
        { "MaxConcurrentActivities", s => s.MaxConcurrentActivities = 0 },
        { "OrchestrationDispatcherCount", s => s.OrchestrationDispatcherCount = 0 },
        { "ActivityDispatcherCount", s => s.ActivityDispatcherCount = 0 },
        { "MaxEventsPerEpisode", s => s.MaxEventsPerEpisode = 0 },
        { "MaxActivitiesPerClaim", s => s.MaxActivitiesPerClaim = 0 },
        { "MaxActivityResultsPerCommit", s => s.MaxActivityResultsPerCommit = 0 },
        { "MaxInlinePayloadSize", s => s.MaxInlinePayloadSize = 10 },
        { "MinPollingInterval", s => s.MinPollingInterval = TimeSpan.Zero },
        { "MaxPollingInterval", s => s.MaxPollingInterval = TimeSpan.FromMilliseconds(10) },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void AnInvalidSettingIsNamedAtStartup(string property, Action<PostgresOrchestrationServiceSettings> spoil)
    {
        var settings = Valid();
        spoil(settings);

        var error = Assert.Throws<ArgumentException>(() => new PostgresOrchestrationService(settings));
        Assert.StartsWith($"PostgresOrchestrationServiceSettings.{property} ", error.Message, StringComparison.Ordinal);
        Assert.Equal(property, error.ParamName);
    }
}
