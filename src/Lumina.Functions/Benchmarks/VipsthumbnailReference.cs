using System.Diagnostics;
using Lumina.Imaging.Analysis;

namespace Lumina.Functions.Benchmarks;

/// <summary>
/// The reference as a user would run it: Debian's vipsthumbnail with libvips' defaults (its own thread pool; no
/// VIPS_CONCURRENCY), making the previews Lumina makes (shorter side <c>size</c>, never enlarged, JPEG at the
/// preview quality, stripped), a few files per process and a few processes at once. A run counts only when every
/// process exited 0 and wrote every preview at its size.
/// </summary>
public sealed class VipsthumbnailReference
{
    private readonly IReadOnlyList<Invocation> _invocations;
    private readonly int _processes;
    private readonly int _quality;

    private VipsthumbnailReference(IReadOnlyList<Invocation> invocations, int processes, int quality) =>
        (_invocations, _processes, _quality) = (invocations, processes, quality);

    /// <summary>The files of one vipsthumbnail process, the size option they share, and the shorter side each preview must get (null: unknown).</summary>
    private sealed record Invocation(string Size, IReadOnlyList<(string File, int? Shorter)> Files);

    /// <summary>
    /// vipsthumbnail takes one size for all files of a process, so landscape files ("x1440&gt;": the height is the
    /// shorter side) and portrait ones ("1440x&gt;") go to separate processes, <paramref name="filesPerProcess"/> each.
    /// Previews are named after their file, so one process never gets two files of the same name.
    /// </summary>
    public static async Task<VipsthumbnailReference> PlanAsync(
        IReadOnlyList<string> files, int size, int quality, int filesPerProcess, int processes, CancellationToken ct)
    {
        var bySize = new Dictionary<string, List<(string, int?)>>();
        foreach (var file in files)
        {
            // A file whose header libvips cannot read stays in the plan: vipsthumbnail's own run says what is wrong with it.
            var upright = UprightSize.Read(await File.ReadAllBytesAsync(file, ct));
            var portrait = upright is var (width, height) && width <= height;
            var option = portrait ? $"{size}x>" : $"x{size}>";
            (bySize.TryGetValue(option, out var list) ? list : bySize[option] = [])
                .Add((file, upright is var (w, h) ? Math.Min(size, Math.Min(w, h)) : null));
        }

        var invocations = new List<Invocation>();
        foreach (var (option, list) in bySize)
        {
            var current = new List<(string, int?)>();
            foreach (var entry in list)
            {
                if (current.Count == filesPerProcess || current.Any(c => PreviewName(c.Item1) == PreviewName(entry.Item1)))
                {
                    invocations.Add(new Invocation(option, current));
                    current = [];
                }

                current.Add(entry);
            }

            if (current.Count > 0)
            {
                invocations.Add(new Invocation(option, current));
            }
        }

        return new VipsthumbnailReference(invocations, processes, quality);
    }

    /// <summary>Runs every process, <c>processes</c> at once, and returns the wall time; throws a <see cref="BenchmarkException"/> when a result is missing.</summary>
    public async Task<TimeSpan> RunAsync(CancellationToken ct)
    {
        var output = Path.Combine(Path.GetTempPath(), $"lumina-bench-vips-{Guid.NewGuid():N}");
        Directory.CreateDirectory(output);
        try
        {
            var clock = Stopwatch.StartNew();
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = _processes, CancellationToken = ct };
            await Parallel.ForEachAsync(_invocations.Select((invocation, i) => (invocation, i)), parallel, async (item, token) =>
            {
                var folder = Path.Combine(output, item.i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Directory.CreateDirectory(folder);
                await RunProcessAsync(item.invocation, folder, token);
            });
            var elapsed = clock.Elapsed;
            for (var i = 0; i < _invocations.Count; i++)
            {
                Check(_invocations[i], Path.Combine(output, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            return elapsed;
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private async Task RunProcessAsync(Invocation invocation, string folder, CancellationToken ct)
    {
        var start = new ProcessStartInfo("vipsthumbnail") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-s");
        start.ArgumentList.Add(invocation.Size);
        start.ArgumentList.Add("-o");
        start.ArgumentList.Add(Path.Combine(folder, $"%s.jpg[Q={_quality},strip]"));
        foreach (var (file, _) in invocation.Files)
        {
            start.ArgumentList.Add(file);
        }

        start.Environment.Remove("VIPS_CONCURRENCY");
        using var process = Start(start);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            var said = (await stderr).Trim().ReplaceLineEndings("; ");
            throw new BenchmarkException(
                $"vipsthumbnail (the reference) exited {process.ExitCode} on {string.Join(", ", invocation.Files.Select(f => f.File))}: {said}");
        }
    }

    private static void Check(Invocation invocation, string folder)
    {
        foreach (var (file, shorter) in invocation.Files)
        {
            var preview = Path.Combine(folder, PreviewName(file) + ".jpg");
            if (!File.Exists(preview) || new FileInfo(preview).Length == 0)
            {
                throw new BenchmarkException($"vipsthumbnail (the reference) exited 0 but wrote no preview of {file}");
            }

            if (UprightSize.Read(File.ReadAllBytes(preview)) is not { } size || (shorter is not null && Math.Min(size.Width, size.Height) != shorter))
            {
                throw new BenchmarkException($"vipsthumbnail (the reference) made a preview of {file} whose shorter side is not {shorter} px");
            }
        }
    }

    /// <summary>What vipsthumbnail's "%s" stands for: the file's name without its extension.</summary>
    private static string PreviewName(string file) => Path.GetFileNameWithoutExtension(file);

    private static Process Start(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IOException($"vipsthumbnail could not be started ({e.Message}): install the Debian package libvips-tools", e);
        }
    }
}
