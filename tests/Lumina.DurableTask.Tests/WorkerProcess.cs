using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Lumina.DurableTask.Tests;

/// <summary>A Lumina.DurableTask.TestWorker process: a DTFx worker of its own on the test's task hub.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkerProcess(Process process) => _process = process;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the worker and waits until it says it is ready.</summary>
    public static async Task<WorkerProcess> StartAsync(ProviderFixture provider, string hub, string name, TimeSpan activityDelay, string runsDatabase)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            WorkerDll, provider.Provider, provider.Connection, hub, name,
            ((int)activityDelay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), runsDatabase,
        })
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
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            await worker.DisposeAsync();
            Assert.Fail($"Worker {name} did not start: {worker.Output}");
        }

        return worker;
    }

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

    /// <summary>SIGKILL: the process dies at once, in the middle of whatever it does.</summary>
    public Task KillAsync()
    {
        _process.Kill();
        return _process.WaitForExitAsync(TestContext.Current.CancellationToken);
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

    private static string WorkerDll
    {
        get
        {
            var folder = AppContext.BaseDirectory.Replace("Lumina.DurableTask.Tests", "Lumina.DurableTask.TestWorker", StringComparison.Ordinal);
            var dll = Path.Combine(folder, "Lumina.DurableTask.TestWorker.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"The test worker is not built at {dll}; build the solution.");
        }
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
