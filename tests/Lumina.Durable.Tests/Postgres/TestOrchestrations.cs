using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.Exceptions;

namespace Lumina.Durable.Tests.Postgres;

// DurableTask.Core's own programming model (TaskOrchestration, TaskActivity), as durabletask-mssql tests its provider.

/// <summary>Adds one to its input five times in a row, one activity each.</summary>
public sealed class Sequence : TaskOrchestration<int, int>
{
    public override async Task<int> RunTask(OrchestrationContext context, int input)
    {
        for (var i = 0; i < 5; i++)
        {
            input = await context.ScheduleTask<int>(typeof(AddOne), input);
        }

        return input;
    }
}

public sealed class AddOne : TaskActivity<int, int>
{
    protected override int Execute(TaskContext context, int input) => input + 1;
}

/// <summary>Squares 1..n in parallel activities and sums them.</summary>
public sealed class FanOut : TaskOrchestration<long, int>
{
    public override async Task<long> RunTask(OrchestrationContext context, int input)
    {
        var squares = await Task.WhenAll(Enumerable.Range(1, input).Select(i => context.ScheduleTask<long>(typeof(Square), i)));
        return squares.Sum();
    }
}

public sealed class Square : TaskActivity<int, long>
{
    protected override long Execute(TaskContext context, int input) => (long)input * input;
}

/// <summary>Runs two Sequence children (ids derived from its own) and adds their results.</summary>
public sealed class Parent : TaskOrchestration<int, int>
{
    public override async Task<int> RunTask(OrchestrationContext context, int input)
    {
        var id = context.OrchestrationInstance.InstanceId;
        var children = await Task.WhenAll(
            context.CreateSubOrchestrationInstance<int>(typeof(Sequence), $"{id}:a", input),
            context.CreateSubOrchestrationInstance<int>(typeof(Sequence), $"{id}:b", input * 10));
        return children.Sum();
    }
}

/// <summary>Starts a child with a fixed id (the input), which may already exist.</summary>
public sealed class ParentOfNamedChild : TaskOrchestration<string, string>
{
    public override async Task<string> RunTask(OrchestrationContext context, string input)
    {
        try
        {
            return $"child returned {await context.CreateSubOrchestrationInstance<string>(typeof(WaitForApproval), input, "child")}";
        }
        catch (SubOrchestrationFailedException e)
        {
            return $"child failed: {e.Message}";
        }
    }
}

/// <summary>Sleeps on a durable timer for the input's seconds; returns when it started and when the timer fired.</summary>
public sealed class Sleeper : TaskOrchestration<DateTime[], double>
{
    public override async Task<DateTime[]> RunTask(OrchestrationContext context, double input)
    {
        var start = context.CurrentUtcDateTime;
        await context.CreateTimer(start.AddSeconds(input), "wake up");
        return [start, context.CurrentUtcDateTime];
    }
}

/// <summary>Waits for an "approval" event, its custom status saying what it waits for; returns the event's data.</summary>
public sealed class WaitForApproval : TaskOrchestration<string, string, string, string>
{
    private readonly TaskCompletionSource<string> _approval = new();
    private string _status = "waiting for approval";

    public override async Task<string> RunTask(OrchestrationContext context, string input)
    {
        var approval = await _approval.Task;
        _status = $"approved by {approval}";
        return $"{input} approved by {approval}";
    }

    public override void OnEvent(OrchestrationContext context, string name, string input)
    {
        if (name == "approval")
        {
            _approval.TrySetResult(input);
        }
    }

    public override string OnGetStatus() => _status;
}

/// <summary>Calls an activity that fails the first two times, with a retry policy of three attempts.</summary>
public sealed class RetryingCaller : TaskOrchestration<string, string>
{
    public override Task<string> RunTask(OrchestrationContext context, string input) =>
        context.ScheduleWithRetry<string>(typeof(FailsTwice), new RetryOptions(TimeSpan.FromMilliseconds(200), maxNumberOfAttempts: 3), input);
}

/// <summary>Throws on its first two calls for a key; then returns how many calls it took.</summary>
public sealed class FailsTwice : TaskActivity<string, string>
{
    public static readonly ConcurrentDictionary<string, int> Calls = new();

    protected override string Execute(TaskContext context, string input)
    {
        var call = Calls.AddOrUpdate(input, 1, (_, n) => n + 1);
        return call <= 2 ? throw new InvalidOperationException($"attempt {call} of {input} fails") : $"succeeded on attempt {call}";
    }
}

/// <summary>Calls an activity that always throws, and reports the failure it sees.</summary>
public sealed class CatchesFailure : TaskOrchestration<string, string>
{
    public override async Task<string> RunTask(OrchestrationContext context, string input)
    {
        try
        {
            return await context.ScheduleTask<string>(typeof(Throws), input);
        }
        catch (TaskFailedException e)
        {
            return $"caught: {e.InnerException?.Message ?? e.Message}";
        }
    }
}

public sealed class Throws : TaskActivity<string, string>
{
    protected override string Execute(TaskContext context, string input) => throw new InvalidOperationException($"boom: {input}");
}

/// <summary>Continues as new with input + 1 until the input reaches 3; each execution calls AddOne once.</summary>
public sealed class CountToThree : TaskOrchestration<int, int>
{
    public override async Task<int> RunTask(OrchestrationContext context, int input)
    {
        var next = await context.ScheduleTask<int>(typeof(AddOne), input);
        if (next < 3)
        {
            context.ContinueAsNew(next);
        }

        return next;
    }
}

/// <summary>Returns its input with an activity's suffix (for large inputs and results).</summary>
public sealed class Echo : TaskOrchestration<string, string>
{
    public override async Task<string> RunTask(OrchestrationContext context, string input) =>
        await context.ScheduleTask<string>(typeof(Reverse), input) + "!";
}

public sealed class Reverse : TaskActivity<string, string>
{
    protected override string Execute(TaskContext context, string input) => new(input.Reverse().ToArray());
}
