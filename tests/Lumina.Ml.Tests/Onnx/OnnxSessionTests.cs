using Lumina.Ml.Onnx;
using Lumina.Testing.OnnxModels;

namespace Lumina.Ml.Tests.Onnx;

public sealed class OnnxSessionTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly OnnxRuntime runtime = TestRuntime.Shared;

    [Fact]
    public void ReadsInputAndOutputNamesTypesAndShapesFromTheModel()
    {
        using var session = runtime.OpenSession(folder.Write("vision.onnx", TinyClip.VisionModel()));

        var input = Assert.Single(session.Inputs);
        Assert.Equal("pixel_values", input.Name);
        Assert.Equal(OnnxElementType.Float, input.ElementType);
        Assert.Equal([-1L, 3, 224, 224], input.Shape);
        var output = Assert.Single(session.Outputs);
        Assert.Equal("image_embeds", output.Name);
        Assert.Equal([-1L, 512], output.Shape);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    public void RunsFloatTensorsForEachBatchSize(int batch)
    {
        using var session = runtime.OpenSession(folder.Write("vision.onnx", TinyClip.VisionModel()));
        var pixels = new float[batch * 3 * 224 * 224];
        var random = new Random(batch);
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = random.NextSingle() * 2 - 1;
        }

        using var input = runtime.CreateTensor<float>(pixels, [batch, 3, 224, 224]);
        var outputs = session.Run([("pixel_values", input)], ["image_embeds"], TestContext.Current.CancellationToken);

        using var output = Assert.Single(outputs);
        Assert.Equal([(long)batch, 512], output.Shape);
        var values = output.ToArray<float>();
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
        using var session = runtime.OpenSession(folder.Write("text.onnx", TinyClip.TextModel(mask: "attention_mask")));
        var ids = new long[2 * 77];
        var mask = new long[2 * 77];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = (i * 7919) % 49408;
            mask[i] = i % 77 < 10 ? 1 : 0;
        }

        using var idTensor = runtime.CreateTensor<long>(ids, [2, 77]);
        using var maskTensor = runtime.CreateTensor<long>(mask, [2, 77]);
        var outputs = session.Run([("input_ids", idTensor), ("attention_mask", maskTensor)], ["text_embeds"], TestContext.Current.CancellationToken);

        using var output = Assert.Single(outputs);
        var values = output.ToArray<float>();
        for (var row = 0; row < 2; row++)
        {
            AssertClose(TinyClip.TextOutput(ids.AsSpan(row * 77, 77), mask.AsSpan(row * 77, 77)), values.AsSpan(row * 512, 512));
        }
    }

    [Fact]
    public void CorruptModelFileFailsWithTheRuntimeMessageAndPath()
    {
        var path = folder.Write("corrupt.onnx", [0x08, 0x07, 0xff, 0xff, 0x12, 0x99, 0x01, 0x42]);

        var error = Assert.Throws<OnnxRuntimeException>(() => runtime.OpenSession(path));

        Assert.Equal(OrtErrorCode.InvalidProtobuf, error.ErrorCode);
        Assert.Contains(path, error.Message);
        Assert.Contains("Protobuf parsing failed", error.Message);
    }

    [Fact]
    public void MissingModelFileFailsNamingTheFile()
    {
        var path = Path.Combine(folder.Path, "absent.onnx");

        var error = Assert.Throws<OnnxRuntimeException>(() => runtime.OpenSession(path));

        Assert.Equal(OrtErrorCode.NoSuchFile, error.ErrorCode);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void WrongInputShapeFailsWithTheRuntimeMessage()
    {
        using var session = runtime.OpenSession(folder.Write("vision.onnx", TinyClip.VisionModel()));
        using var input = runtime.CreateTensor<float>(new float[3 * 100 * 100], [1, 3, 100, 100]);

        var error = Assert.Throws<OnnxRuntimeException>(() => session.Run([("pixel_values", input)], ["image_embeds"], TestContext.Current.CancellationToken));

        Assert.Equal(OrtErrorCode.InvalidArgument, error.ErrorCode);
        Assert.Contains("pixel_values", error.Message);
        Assert.Contains("Expected: 224", error.Message);
    }

    [Fact]
    public void UnknownInputNameFailsWithTheRuntimeMessage()
    {
        using var session = runtime.OpenSession(folder.Write("vision.onnx", TinyClip.VisionModel()));
        using var input = runtime.CreateTensor<float>(new float[3 * 224 * 224], [1, 3, 224, 224]);

        var error = Assert.Throws<OnnxRuntimeException>(() => session.Run([("image", input)], ["image_embeds"], TestContext.Current.CancellationToken));

        Assert.Contains("image", error.Message);
        Assert.Equal(OrtErrorCode.InvalidArgument, error.ErrorCode);
    }

    [Fact]
    public void BufferSizeThatDoesNotMatchTheShapeIsRejectedBeforeTheRuntime()
    {
        var error = Assert.Throws<ArgumentException>(() => runtime.CreateTensor<float>(new float[10], [1, 3, 4]));

        Assert.Contains("[1,3,4] holds 12 elements; the buffer has 10", error.Message);
    }

    [Fact]
    public void ReadingOutputsAsTheWrongTypeIsRejected()
    {
        using var tensor = runtime.CreateTensor<long>(new long[] { 1, 2 }, [2]);

        var error = Assert.Throws<InvalidOperationException>(() => tensor.ToArray<float>());

        Assert.Contains("Int64", error.Message);
    }

    [Fact]
    public void RunWithAnAlreadyCancelledTokenDoesNotStart()
    {
        using var session = runtime.OpenSession(folder.Write("vision.onnx", TinyClip.VisionModel()));
        using var input = runtime.CreateTensor<float>(new float[3 * 224 * 224], [1, 3, 224, 224]);

        Assert.Throws<OperationCanceledException>(() => session.Run([("pixel_values", input)], ["image_embeds"], new CancellationToken(canceled: true)));
    }

    [Fact]
    public void CancellationStopsARunUnderWay()
    {
        // 60 MatMuls of 1024x1024 matrices: over 100 GFLOP, seconds of work on any CPU.
        const int size = 1024;
        var model = new OnnxModelWriter()
            .Input("x", OnnxModelWriter.Float, size, size)
            .Output("y60", OnnxModelWriter.Float, size, size)
            .FloatInitializer("w", new float[size * size], size, size);
        for (var i = 1; i <= 60; i++)
        {
            model.Node("MatMul", [i == 1 ? "x" : $"y{i - 1}", "w"], [$"y{i}"]);
        }

        using var session = runtime.OpenSession(folder.Write("long.onnx", model.ToBytes()));
        using var input = runtime.CreateTensor<float>(new float[size * size], [size, size]);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(100));

        var error = Assert.Throws<OperationCanceledException>(() => session.Run([("x", input)], ["y60"], cancellation.Token));

        var stopped = Assert.IsType<OnnxRuntimeException>(error.InnerException);
        Assert.Contains("terminate", stopped.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void DisposedTensorAndSessionAreClosedAndRefuseUse()
    {
        var session = runtime.OpenSession(folder.Write("vision.onnx", TinyClip.VisionModel()));
        var tensor = runtime.CreateTensor<float>(new float[3 * 224 * 224], [1, 3, 224, 224]);

        tensor.Dispose();
        session.Dispose();

        Assert.True(tensor.IsClosed);
        Assert.True(session.IsClosed);
        Assert.Throws<ObjectDisposedException>(() => tensor.ToArray<float>());
        Assert.Throws<ObjectDisposedException>(() => session.Run([("pixel_values", tensor)], ["image_embeds"], TestContext.Current.CancellationToken));
    }

    [Fact]
    public void SessionKeepsWorkingAfterItsRuntimeIsDisposed()
    {
        var own = OnnxRuntime.Load();
        using var session = own.OpenSession(folder.Write("vision.onnx", TinyClip.VisionModel()));
        using var input = own.CreateTensor<float>(new float[3 * 224 * 224], [1, 3, 224, 224]);

        own.Dispose();
        var outputs = session.Run([("pixel_values", input)], ["image_embeds"], TestContext.Current.CancellationToken);

        using var output = Assert.Single(outputs);
        Assert.Equal(512, output.ToArray<float>().Length);
        Assert.Throws<ObjectDisposedException>(() => own.CreateTensor<float>(new float[1], [1]));
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
