using Lumina.Functions.Jobs;
using Spectre.Console;

namespace Lumina.Functions.Cli;

/// <summary>
/// Follows a job to its end: live bars on a terminal (one per rebuild phase), a plain line every few
/// seconds otherwise (logs, pipes, CI).
/// </summary>
public static class JobFollower
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    public static async Task<JobStatus> FollowAsync(JobService jobs, string id, CancellationToken ct)
    {
        if (Console.IsOutputRedirected)
        {
            var last = DateTime.MinValue;
            string? lastLine = null;
            return await jobs.WaitAsync(id, status =>
            {
                var line = Describe(status);
                if (line != lastLine && (DateTime.UtcNow - last >= PlainInterval || !status.IsRunning))
                {
                    Console.WriteLine(line);
                    (last, lastLine) = (DateTime.UtcNow, line);
                }
            }, ct);
        }

        JobStatus? final = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bars = new Dictionary<string, ProgressTask>();
                final = await jobs.WaitAsync(id, status =>
                {
                    foreach (var part in status.Phases is { Count: > 0 } phases ? phases : [status])
                    {
                        if (!bars.TryGetValue(part.Type, out var bar))
                        {
                            bars[part.Type] = bar = context.AddTask(part.Type, autoStart: true, maxValue: 1);
                        }

                        var p = part.Progress;
                        bar.MaxValue = Math.Max(1, p?.Total ?? 1);
                        bar.Value = part.IsRunning ? p?.Done ?? 0 : bar.MaxValue;
                        bar.Description = Markup.Escape(Line(part));
                    }
                }, ct);
            });
        return final!;
    }

    /// <summary>One line for a job or phase: its state, counts, rate and time left.</summary>
    public static string Line(JobStatus status) => $"{status.Type}: {State(status)}";

    /// <summary>A job's state in words: the phase it is at with its counts, rate and time left while it runs, else how it ended.</summary>
    public static string State(JobStatus status)
    {
        var p = status.Progress;
        var state = status.IsRunning ? p?.Phase ?? "pending" : status.State.ToLowerInvariant();
        var counts = p is { Total: > 0 } ? $" {p.Done:N0}/{p.Total:N0}, {p.Failed:N0} failed, {p.ImagesPerSecond:F1}/s" : "";
        var left = status.IsRunning && p?.EtaSeconds is { } eta ? $", {TimeSpan.FromSeconds(eta):hh\\:mm\\:ss} left" : "";
        return $"{state}{counts}{left}";
    }

    private static string Describe(JobStatus status) =>
        status.Phases is { Count: > 0 } phases ? string.Join(" | ", phases.Select(Line)) : Line(status);
}
