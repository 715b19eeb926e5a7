using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using Microsoft.DurableTask;

namespace Lumina.DurableTask.Tests;

/// <summary>The orchestrators and activities of the conformance cases, written against Microsoft.DurableTask only.</summary>
public static class Cases
{
    public static void Register(Lumina.Durable.Hosting.DurableTaskBuilder builder) => builder
        .AddOrchestrator<Sequence>(nameof(Sequence))
        .AddOrchestrator<FanOut>(nameof(FanOut))
        .AddOrchestrator<Parent>(nameof(Parent))
        .AddOrchestrator<Child>(nameof(Child))
        .AddOrchestrator<Sleep>(nameof(Sleep))
        .AddOrchestrator<TwoEvents>(nameof(TwoEvents))
        .AddOrchestrator<Retrying>(nameof(Retrying))
        .AddOrchestrator<CatchFailure>(nameof(CatchFailure))
        .AddOrchestrator<FailUncaught>(nameof(FailUncaught))
        .AddOrchestrator<Countdown>(nameof(Countdown))
        .AddOrchestrator<Progress>(nameof(Progress))
        .AddOrchestrator<Echo>(nameof(Echo))
        .AddOrchestrator<Changing>(nameof(Changing))
        .AddOrchestrator<Lumina.DurableTask.TestWorker.SumOfSquares>(Lumina.DurableTask.TestWorker.SumOfSquares.Name)
        .AddActivity<Append>(nameof(Append))
        .AddActivity<Square>(nameof(Square))
        .AddActivity<Flaky>(nameof(Flaky))
        .AddActivity<Boom>(nameof(Boom));

    /// <summary>Five activities one after the other, each appending to the text.</summary>
    public sealed class Sequence : TaskOrchestrator<string, string>
    {
        public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
        {
            var text = input;
            for (var i = 1; i <= 5; i++)
            {
                text = await context.CallActivityAsync<string>(nameof(Append), $"{text}{i}");
            }

            return text;
        }
    }

    public sealed class Append : TaskActivity<string, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string input) => Task.FromResult(input + ".");
    }

    public sealed class FanOut : TaskOrchestrator<int, long>
    {
        public override async Task<long> RunAsync(TaskOrchestrationContext context, int count) =>
            (await Task.WhenAll(Enumerable.Range(1, count).Select(i => context.CallActivityAsync<long>(nameof(Square), i)))).Sum();
    }

    public sealed class Square : TaskActivity<int, long>
    {
        public override Task<long> RunAsync(TaskActivityContext context, int input) => Task.FromResult((long)input * input);
    }

    /// <summary>Calls <see cref="Child"/> under a chosen id and returns what the child saw of its parent.</summary>
    public sealed class Parent : TaskOrchestrator<string, string>
    {
        public override Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
            context.CallSubOrchestratorAsync<string>(nameof(Child), input, new SubOrchestrationOptions(TaskOptions.FromRetryPolicy(new RetryPolicy(2, TimeSpan.FromSeconds(1))), $"{context.InstanceId}:child"));
    }

    public sealed class Child : TaskOrchestrator<string, string>
    {
        public override Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
            Task.FromResult($"{input} from {context.Parent?.Name.Name}/{context.Parent?.InstanceId} as {context.InstanceId}");
    }

    /// <summary>Sleeps on a durable timer and returns the orchestration time before and after.</summary>
    public sealed class Sleep : TaskOrchestrator<double, DateTime[]>
    {
        public override async Task<DateTime[]> RunAsync(TaskOrchestrationContext context, double seconds)
        {
            var before = context.CurrentUtcDateTime;
            await context.CreateTimer(TimeSpan.FromSeconds(seconds), CancellationToken.None);
            return [before, context.CurrentUtcDateTime];
        }
    }

    /// <summary>Waits for two "Go" events (in order) and returns their payloads.</summary>
    public sealed class TwoEvents : TaskOrchestrator<object?, string[]>
    {
        public override async Task<string[]> RunAsync(TaskOrchestrationContext context, object? input)
        {
            var first = await context.WaitForExternalEvent<string>("Go");
            context.SetCustomStatus("one");
            var second = await context.WaitForExternalEvent<string>("Go");
            return [first, second];
        }
    }

    /// <summary>Calls <see cref="Flaky"/> with a retry policy of 3 attempts, 2 s first wait, backoff 2.</summary>
    public sealed class Retrying : TaskOrchestrator<int, int>
    {
        public override Task<int> RunAsync(TaskOrchestrationContext context, int failures) =>
            context.CallActivityAsync<int>(nameof(Flaky), failures, TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(2), backoffCoefficient: 2)));
    }

    /// <summary>Fails its first N attempts for an instance, then returns the attempt number; each attempt's time is recorded.</summary>
    public sealed class Flaky : TaskActivity<int, int>
    {
        public static ConcurrentDictionary<string, ConcurrentQueue<DateTime>> Attempts { get; } = new();

        public override Task<int> RunAsync(TaskActivityContext context, int failures)
        {
            var attempts = Attempts.GetOrAdd(context.InstanceId, _ => new());
            attempts.Enqueue(DateTime.UtcNow);
            return attempts.Count <= failures
                ? throw new InvalidOperationException($"attempt {attempts.Count} fails")
                : Task.FromResult(attempts.Count);
        }
    }

    public sealed class Boom : TaskActivity<string, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string input) => throw new InvalidOperationException($"boom: {input}");
    }

    /// <summary>Catches the activity's failure and returns what it says.</summary>
    public sealed class CatchFailure : TaskOrchestrator<string, string>
    {
        public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
        {
            try
            {
                return await context.CallActivityAsync<string>(nameof(Boom), input);
            }
            catch (TaskFailedException e)
            {
                return $"{e.FailureDetails.ErrorType}: {e.FailureDetails.ErrorMessage} (caused by InvalidOperationException: {e.FailureDetails.IsCausedBy<InvalidOperationException>()})";
            }
        }
    }

    public sealed class FailUncaught : TaskOrchestrator<string, string>
    {
        public override Task<string> RunAsync(TaskOrchestrationContext context, string input) => context.CallActivityAsync<string>(nameof(Boom), input);
    }

    /// <summary>Continues as new with the count plus one until it reaches the input's goal.</summary>
    public sealed class Countdown : TaskOrchestrator<int[], int>
    {
        public override Task<int> RunAsync(TaskOrchestrationContext context, int[] countAndGoal)
        {
            if (countAndGoal[0] < countAndGoal[1])
            {
                context.ContinueAsNew(new[] { countAndGoal[0] + 1, countAndGoal[1] });
            }

            return Task.FromResult(countAndGoal[0]);
        }
    }

    public sealed record ProgressReport(string Phase, long DoneSoFar, IReadOnlyDictionary<string, int> Counts)
    {
        [JsonPropertyName("eta_seconds")]
        public double? EtaSeconds { get; init; }
    }

    /// <summary>Sets a custom status and waits for "Done".</summary>
    public sealed class Progress : TaskOrchestrator<object?, string>
    {
        public override async Task<string> RunAsync(TaskOrchestrationContext context, object? input)
        {
            context.SetCustomStatus(new ProgressReport("analyzing", 7, new Dictionary<string, int> { ["Failed"] = 1 }) { EtaSeconds = 2.5 });
            await context.WaitForExternalEvent<object?>("Done");
            return "done";
        }
    }

    public sealed record Payload(string Name, IReadOnlyDictionary<string, int> Counts, [property: JsonPropertyName("when_utc")] DateTime When);

    /// <summary>Returns its input as it read it.</summary>
    public sealed class Echo : TaskOrchestrator<Payload, Payload>
    {
        public override Task<Payload> RunAsync(TaskOrchestrationContext context, Payload input) => Task.FromResult(input);
    }

    /// <summary>
    /// Calls <see cref="Append"/> and waits for "Go" on its first run; when <see cref="SkipActivity"/> holds its instance
    /// id at replay, it skips the call, so the replay disagrees with the history.
    /// </summary>
    public sealed class Changing : TaskOrchestrator<object?, string>
    {
        public static ConcurrentDictionary<string, bool> SkipActivity { get; } = new();

        public override async Task<string> RunAsync(TaskOrchestrationContext context, object? input)
        {
            if (!SkipActivity.ContainsKey(context.InstanceId))
            {
                await context.CallActivityAsync<string>(nameof(Append), "a");
            }

            context.SetCustomStatus("waiting");
            await context.WaitForExternalEvent<object?>("Go");
            return "finished";
        }
    }
}
