using Lumina.Ml.Clip;
using Lumina.Testing.OnnxModels;

namespace Lumina.Ml.Tests.Clip;

[Collection(TimedRuns.Name)]
public sealed class EncoderSessionTests : IDisposable
{
    private const int Long = 1024;
    private static readonly ClipEncoderOptions Options = new();
    private readonly TempFolder folder = new();

    [Fact]
    public void RuntimeIsThePackagesVersion()
    {
        Assert.Equal("1.32.0", EncoderSession.RuntimeVersion);
    }

    [Fact]
    public void ReadsInputAndOutputNamesTypesAndShapesFromTheModel()
    {
        using var session = EncoderSession.Open(folder.Write("vision.onnx", TinyClip.VisionModel()), Options);

        var input = Assert.Single(session.Inputs);
        Assert.Equal("pixel_values", input.Name);
        Assert.Equal(typeof(float), input.ElementType);
        Assert.Equal([-1L, 3, 224, 224], input.Shape);
        var output = Assert.Single(session.Outputs);
        Assert.Equal("image_embeds", output.Name);
        Assert.Equal([-1L, 512], output.Shape);
        Assert.Equal("pixel_values: Float[-1,3,224,224]", input.ToString());
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(3, 1)]
    [InlineData(8, 2)]
    public void RunsFloatTensorsForEachBatchSizeAndThreadCount(int batch, int threads)
    {
        using var session = EncoderSession.Open(folder.Write("vision.onnx", TinyClip.VisionModel()), new ClipEncoderOptions { IntraOpThreads = threads });
        var pixels = new float[batch * 3 * 224 * 224];
        var random = new Random(batch);
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = random.NextSingle() * 2 - 1;
        }

        var (values, shape) = session.Run([new("pixel_values", pixels, [batch, 3, 224, 224])], "image_embeds", TestContext.Current.CancellationToken);

        Assert.Equal([(long)batch, 512], shape);
        var plane = 3 * 224 * 224;
        for (var b = 0; b < batch; b++)
        {
            var expected = TinyClip.VisionOutput(pixels.AsSpan(b * plane, plane));
            AssertClose(expected, values.AsSpan(b * 512, 512));
        }
    }

    [Fact]
    public void RunsInt64TensorsWithTwoInputs()
    {
        using var session = EncoderSession.Open(folder.Write("text.onnx", TinyClip.TextModel(mask: "attention_mask")), Options);
        var ids = new long[2 * 77];
        var mask = new long[2 * 77];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = (i * 7919) % 49408;
            mask[i] = i % 77 < 10 ? 1 : 0;
        }

        var (values, _) = session.Run([new("input_ids", ids, [2, 77]), new("attention_mask", mask, [2, 77])], "text_embeds", TestContext.Current.CancellationToken);

        for (var row = 0; row < 2; row++)
        {
            AssertClose(TinyClip.TextOutput(ids.AsSpan(row * 77, 77), mask.AsSpan(row * 77, 77)), values.AsSpan(row * 512, 512));
        }
    }

    [Fact]
    public void CorruptModelFileFailsNamingTheFileWhatToDoAndTheRuntimeMessage()
    {
        var path = folder.Write("corrupt.onnx", [0x08, 0x07, 0xff, 0xff, 0x12, 0x99, 0x01, 0x42]);

        var error = Assert.Throws<ClipModelException>(() => EncoderSession.Open(path, Options));

        Assert.Contains($"could not load the model '{path}'", error.Message);
        Assert.Contains("copy or export it again", error.Message);
        Assert.Contains("Protobuf parsing failed", error.Message);
        Assert.IsType<Microsoft.ML.OnnxRuntime.OnnxRuntimeException>(error.InnerException);
    }

    [Fact]
    public void MissingModelFileFailsNamingTheFile()
    {
        var path = Path.Combine(folder.Path, "absent.onnx");

        var error = Assert.Throws<ClipModelException>(() => EncoderSession.Open(path, Options));

        Assert.Contains($"The model file '{path}' does not exist", error.Message);
        Assert.Contains("docs/clip-models.md", error.Message);
    }

    [Fact]
    public void WrongInputShapeFailsNamingTheModelAndTheInput()
    {
        var path = folder.Write("vision.onnx", TinyClip.VisionModel());
        using var session = EncoderSession.Open(path, Options);

        var error = Assert.Throws<ClipModelException>(() => session.Run([new("pixel_values", new float[3 * 100 * 100], [1, 3, 100, 100])], "image_embeds", TestContext.Current.CancellationToken));

        Assert.Contains($"Running the model '{path}' failed", error.Message);
        Assert.Contains("pixel_values", error.Message);
        Assert.Contains("Expected: 224", error.Message);
    }

    [Fact]
    public void UnknownInputNameFailsWithTheRuntimeMessage()
    {
        using var session = EncoderSession.Open(folder.Write("vision.onnx", TinyClip.VisionModel()), Options);

        var error = Assert.Throws<ClipModelException>(() => session.Run([new("image", new float[3 * 224 * 224], [1, 3, 224, 224])], "image_embeds", TestContext.Current.CancellationToken));

        Assert.Contains("image", error.Message);
        Assert.Contains("failed", error.Message);
    }

    [Fact]
    public void BufferSizeThatDoesNotMatchTheShapeIsRejectedBeforeTheRuntime()
    {
        using var session = EncoderSession.Open(folder.Write("vision.onnx", TinyClip.VisionModel()), Options);

        var error = Assert.Throws<ArgumentException>(() => session.Run([new("pixel_values", new float[10], [1, 3, 4])], "image_embeds", TestContext.Current.CancellationToken));

        Assert.Contains("[1,3,4] holds 12 elements; pixel_values has 10", error.Message);
    }

    [Fact]
    public void RunWithAnAlreadyCancelledTokenDoesNotStart()
    {
        using var session = EncoderSession.Open(folder.Write("vision.onnx", TinyClip.VisionModel()), Options);

        Assert.Throws<OperationCanceledException>(() => session.Run([new("pixel_values", new float[3 * 224 * 224], [1, 3, 224, 224])], "image_embeds", new CancellationToken(canceled: true)));
    }

    [Fact]
    public void CancellationStopsARunUnderWay()
    {
        using var session = EncoderSession.Open(folder.Write("long.onnx", LongModel(new float[Long * Long])), Options);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        // Cancelled from a thread of its own: a timer's callback waits for a thread-pool thread, which a busy test run
        // may not give it before the run (about a second here) has ended.
        var canceller = new Thread(() =>
        {
            Thread.Sleep(100);
            cancellation.Cancel();
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        canceller.Start();

        var error = Assert.Throws<OperationCanceledException>(() => session.Run([new("x", new float[Long * Long], [Long, Long])], "y60", cancellation.Token));

        var stopped = Assert.IsType<Microsoft.ML.OnnxRuntime.OnnxRuntimeException>(error.InnerException);
        Assert.Contains("terminate", stopped.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the run stopped only after {clock.Elapsed}");
        canceller.Join();
    }

    [Fact]
    public void DisposedSessionRefusesUse()
    {
        var session = EncoderSession.Open(folder.Write("vision.onnx", TinyClip.VisionModel()), Options);

        session.Dispose();

        Assert.Throws<ObjectDisposedException>(() => session.Run([new("pixel_values", new float[3 * 224 * 224], [1, 3, 224, 224])], "image_embeds", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task DisposingDuringARunLetsTheRunFinishThenRefusesUse()
    {
        var identity = new float[Long * Long];
        for (var i = 0; i < Long; i++)
        {
            identity[(i * Long) + i] = 1;
        }

        var session = EncoderSession.Open(folder.Write("identity.onnx", LongModel(identity)), new ClipEncoderOptions { IntraOpThreads = 1 });
        var x = Enumerable.Range(0, Long * Long).Select(i => (float)(i % 7)).ToArray();
        using var started = new ManualResetEventSlim();
        var run = Task.Run(() =>
        {
            started.Set();
            return session.Run([new("x", x, [Long, Long])], "y60", TestContext.Current.CancellationToken);
        }, TestContext.Current.CancellationToken);
        started.Wait(TestContext.Current.CancellationToken);
        // The run takes seconds on one thread; it is under way by then.
        await Task.Delay(TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);

        session.Dispose();
        Assert.False(run.IsCompleted, "the run ended before the session was disposed: make the model longer");
        var (values, _) = await run;

        Assert.Equal(x, values);
        Assert.Throws<ObjectDisposedException>(() => session.Run([new("x", x, [Long, Long])], "y60", TestContext.Current.CancellationToken));
    }

    /// <summary>x [Long, Long] times <paramref name="weights"/> 60 times (y1 ... y60): about 130 GFLOP, seconds of work on any CPU.</summary>
    private static byte[] LongModel(float[] weights)
    {
        var model = new OnnxModelWriter()
            .Input("x", OnnxModelWriter.Float, Long, Long)
            .Output("y60", OnnxModelWriter.Float, Long, Long)
            .FloatInitializer("w", weights, Long, Long);
        for (var i = 1; i <= 60; i++)
        {
            model.Node("MatMul", [i == 1 ? "x" : $"y{i - 1}", "w"], [$"y{i}"]);
        }

        return model.ToBytes();
    }

    public void Dispose() => folder.Dispose();

    internal static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance = 1e-4f)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = 0f;
        foreach (var value in expected)
        {
            scale = MathF.Max(scale, MathF.Abs(value));
        }

        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= tolerance * MathF.Max(scale, 1f), $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
