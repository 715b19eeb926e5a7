using Lumina.Functions.Analysis;
using Spectre.Console;

namespace Lumina.Functions.Cli;

/// <summary>
/// Shows a run's progress: a live bar on a terminal, a plain line every few seconds otherwise
/// (logs, pipes, CI).
/// </summary>
public static class ProgressDisplay
{
    public static async Task<T> RunAsync<T>(string label, Func<Action<WorkCounter>, Task<T>> work)
    {
        WorkCounter? counter = null;
        var running = work(c => counter = c);
        if (Console.IsOutputRedirected)
        {
            while (await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(5))) != running)
            {
                if (counter is { } c)
                {
                    Console.WriteLine($"{label}: {Describe(c)}");
                }
            }

            return await running;
        }

        await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask(label, autoStart: true, maxValue: 1);
                while (await Task.WhenAny(running, Task.Delay(200)) != running)
                {
                    if (counter is { } c)
                    {
                        bar.MaxValue = Math.Max(1, c.Total);
                        bar.Value = c.Done;
                        bar.Description = $"{label} {Describe(c)}";
                    }
                }

                bar.Value = bar.MaxValue;
            });
        return await running;
    }

    private static string Describe(WorkCounter c) =>
        $"{c.Done}/{c.Total}, {c.Failed} failed, {c.PerSecond:F1}/s" + (c.Remaining is { } left ? $", {left:hh\\:mm\\:ss} left" : "");
}
