using System.Diagnostics;
using System.Text;
using Xunit;

namespace Lumina.Testing;

/// <summary>
/// A worker process of a test (a built dotnet program run with arguments), ready once it prints "ready", with all it
/// printed; tests SIGKILL it mid-work.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkerProcess(Process process) => _process = process;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="dll"/> with <paramref name="arguments"/> and waits until it says it is ready.</summary>
    public static async Task<WorkerProcess> StartAsync(string dll, IEnumerable<string> arguments, string name, TimeSpan readyWithin, CancellationToken ct)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments.Prepend(dll))
        {
            start.ArgumentList.Add(argument);
        }

        var worker = new WorkerProcess(Process.Start(start)!);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        worker._process.OutputDataReceived += (_, e) =>
        {
            worker.Append(e.Data);
            if (e.Data == "ready")
            {
                ready.TrySetResult();
            }
        };
        worker._process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        worker._process.BeginOutputReadLine();
        worker._process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(readyWithin, ct);
        }
        catch (TimeoutException)
        {
            await worker.DisposeAsync();
            Assert.Fail($"Worker {name} did not start: {worker.Output}");
        }

        return worker;
    }

    /// <summary>
    /// The path of <paramref name="workerProject"/>'s dll, built beside the test project <paramref name="testProject"/>
    /// (the same configuration and framework).
    /// </summary>
    public static string BuiltBeside(string testProject, string workerProject)
    {
        var folder = AppContext.BaseDirectory.Replace(testProject, workerProject, StringComparison.Ordinal);
        var dll = Path.Combine(folder, workerProject + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{workerProject} is not built at {dll}; build the solution.");
    }

    /// <summary>SIGKILL: the process dies at once, in the middle of whatever it does.</summary>
    public Task KillAsync(CancellationToken ct)
    {
        _process.Kill();
        return _process.WaitForExitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
