using System.Globalization;
using Lumina.Testing;

namespace Lumina.DurableTask.Tests;

/// <summary>Lumina.DurableTask.TestWorker processes: a DTFx worker of their own on the test's task hub and provider.</summary>
internal static class TestWorkers
{
    public static Task<WorkerProcess> StartAsync(ProviderFixture provider, string hub, string name, TimeSpan activityDelay, string runsDatabase) =>
        WorkerProcess.StartAsync(
            WorkerProcess.BuiltBeside("Lumina.DurableTask.Tests", "Lumina.DurableTask.TestWorker"),
            [provider.Provider, provider.Connection, hub, name, ((int)activityDelay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), runsDatabase],
            name, TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
}
