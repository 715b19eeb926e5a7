using System.Collections.Concurrent;
using System.Diagnostics;
using Lumina.Imaging.Analysis;
using Lumina.Imaging.Vips;
using Lumina.Testing;

namespace Lumina.Imaging.Tests;

/// <summary>The NetVips wrapper: who owns the bytes, per-image errors under concurrency, stopping a decode, capabilities.</summary>
public sealed class VipsImageTests(GeneratedImages images) : IClassFixture<GeneratedImages>
{
    private static readonly ImageAnalyzer Analyzer = new(new AnalysisSettings());
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void AnOpenedImageReadsLibvipsOwnCopyOfTheBytesSoTheCallersArrayIsFree()
    {
        var bytes = images.Scene("owned.jpg", 800, 600, seed: 3);
        byte[] expected;
        using (var fresh = VipsImage.Open([.. bytes]))
        using (var decoded = fresh.Decode(400, 400, Ct))
        {
            expected = decoded.ToBytes();
        }

        using var header = VipsImage.Open(bytes);
        Array.Clear(bytes);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var memory = header.Decode(400, 400, Ct);

        Assert.Equal((400, 300), (memory.Width, memory.Height));
        Assert.Equal(expected, memory.ToBytes());
    }

    [Fact]
    public void ErrorsOfImagesDecodedAtTheSameTimeAreEachTheirOwn()
    {
        var broken = new[] { "broken.jpg[Q=95]", "broken.png", "broken.webp", "broken.tif", "broken.gif" }
            .Select(name => images.Scene(name, 1200, 900, seed: 5))
            .Select(bytes => bytes[..(bytes.Length * 6 / 10)])
            .Append("not an image at all"u8.ToArray())
            .ToArray();
        var alone = broken.Select(b => Analyzer.Analyze(b, Ct).Error).ToArray();
        Assert.All(alone, Assert.NotNull);
        Assert.Equal(alone.Length, alone.Distinct().Count());

        var wrong = new ConcurrentBag<string>();
        Parallel.For(0, 20 * broken.Length, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Ct }, i =>
        {
            var error = Analyzer.Analyze(broken[i % broken.Length], Ct).Error;
            if (error != alone[i % broken.Length])
            {
                wrong.Add($"expected '{alone[i % broken.Length]}', got '{error}'");
            }
        });

        Assert.True(wrong.IsEmpty, $"{wrong.Count} errors differ from the image's own:\n{string.Join("\n", wrong.Take(5))}");
    }

    [Fact]
    public void CancellingStopsADecodeUnderWay()
    {
        // Incompressible noise in a PNG (no shrink-on-load) takes seconds to decode whatever the machine.
        TestImages.SaveNoise(images.PathOf("huge.png"), 8000, 6000);
        var huge = File.ReadAllBytes(images.PathOf("huge.png"));
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();

        var analysis = Analyzer.Analyze(huge, stop.Token);

        Assert.Equal("decoding was stopped: over the per-image time limit", analysis.Error);
        Assert.Null(analysis.Pixels);
        TestContext.Current.TestOutputHelper?.WriteLine($"stopped after {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void CapabilitiesAgreeWithTheLoadersTheVipsCommandLists()
    {
        var start = new ProcessStartInfo("vips", "-l") { RedirectStandardOutput = true };
        using var vips = Process.Start(start)!;
        var listed = vips.StandardOutput.ReadToEnd();
        vips.WaitForExit();
        var capabilities = VipsRuntime.Capabilities;

        Assert.Matches(@"^8\.\d+\.\d+$", capabilities.Version);
        Assert.All(VipsCapabilities.Optional.Keys, loader =>
            Assert.True(capabilities.Has(loader) == listed.Contains($"({loader}_source)", StringComparison.Ordinal), $"{loader}: {capabilities.Summary}"));
        Assert.All(capabilities.Missing, loader => Assert.Contains(loader, capabilities.Summary));
    }
}
