using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Lumina.Ml.Clip;

/// <summary>An input of a run: row-major float, int or long values and the shape they fill.</summary>
internal readonly record struct EncoderInput(string Name, Array Values, long[] Shape);

/// <summary>
/// One encoder model loaded in ONNX Runtime (Microsoft.ML.OnnxRuntime; no other file uses the library):
/// its inputs and outputs as the model declares them, and runs that return one float output. Failures
/// of the library become <see cref="ClipModelException"/> naming the model file and what to do.
/// Runs may be made from several threads at once; disposing releases the model once the runs under way end.
/// </summary>
internal sealed class EncoderSession : IDisposable
{
    private const string Layouts = "docs/clip-models.md lists the exports Lumina reads";

    private readonly InferenceSession session;

    // One for the owner until Dispose, plus one per run under way: the native session is released at zero,
    // because the library does not guard a released session (a run on it crashes the process).
    private int holders = 1;
    private int disposed;

    private EncoderSession(InferenceSession session, string modelPath)
    {
        this.session = session;
        ModelPath = modelPath;
        Inputs = [.. session.InputNames.Select(name => Node(name, session.InputMetadata[name]))];
        Outputs = [.. session.OutputNames.Select(name => Node(name, session.OutputMetadata[name]))];
    }

    /// <summary>The version of the ONNX Runtime library loaded, e.g. "1.32.0".</summary>
    public static string RuntimeVersion => OrtEnv.Instance().GetVersionString();

    public string ModelPath { get; }

    public IReadOnlyList<EncoderNode> Inputs { get; }

    public IReadOnlyList<EncoderNode> Outputs { get; }

    /// <summary>Opens an encoder's model and makes the encoder from it and its identity; the session is released again if that fails.</summary>
    /// <exception cref="ClipModelException">The file is missing or is not a model ONNX Runtime can run; the message says what to do.</exception>
    public static async Task<T> OpenAsync<T>(
        string modelPath,
        ClipEncoderOptions options,
        string? name,
        Func<EncoderSession, ModelIdentity, Task<T>> create,
        CancellationToken cancellationToken)
    {
        var session = Open(modelPath, options);
        try
        {
            var identity = await ModelIdentity.OfFileAsync(name ?? Path.GetFileNameWithoutExtension(modelPath), session.ModelPath, cancellationToken);
            return await create(session, identity);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <exception cref="ClipModelException">The file is missing or is not a model ONNX Runtime can run; the message says what to do.</exception>
    public static EncoderSession Open(string modelPath, ClipEncoderOptions options)
    {
        var fullPath = Path.GetFullPath(modelPath);
        if (!File.Exists(fullPath))
        {
            throw new ClipModelException($"The model file '{fullPath}' does not exist; {Layouts}.");
        }

        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        // Idle pool threads sleep instead of spinning, leaving the cores to the decodes running beside the encoder.
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        InferenceSession loaded;
        try
        {
            loaded = new InferenceSession(fullPath, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ClipModelException(
                $"ONNX Runtime {RuntimeVersion} could not load the model '{fullPath}': it is not a complete ONNX model (a truncated copy, or another kind of file) " +
                $"or it uses an operator or opset this version lacks; copy or export it again ({Layouts}). ONNX Runtime said: {e.Message}", e);
        }

        try
        {
            return new EncoderSession(loaded, fullPath);
        }
        catch
        {
            loaded.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs the model and returns <paramref name="output"/>'s values, row-major, and shape. Cancellation
    /// asks ONNX Runtime to stop the run (it checks between operators).
    /// </summary>
    /// <exception cref="ClipModelException">The model rejected the inputs or failed.</exception>
    public (float[] Values, long[] Shape) Run(IReadOnlyList<EncoderInput> inputs, string output, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Hold();
        var values = new List<OrtValue>(inputs.Count);
        try
        {
            foreach (var input in inputs)
            {
                values.Add(Tensor(input));
            }

            using var runOptions = new RunOptions();
            using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
            using var results = session.Run(runOptions, [.. inputs.Select(i => i.Name)], values, [output]);
            var result = results[0];
            var info = result.GetTensorTypeAndShape();
            if (info.ElementDataType != TensorElementType.Float)
            {
                throw new ClipModelException($"The model '{ModelPath}' returned {info.ElementDataType} values for {output}, not Float; {Layouts}.");
            }

            return (result.GetTensorDataAsSpan<float>().ToArray(), info.Shape);
        }
        catch (OnnxRuntimeException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"Running the model '{ModelPath}' was cancelled.", e, cancellationToken);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ClipModelException($"Running the model '{ModelPath}' failed: {e.Message}. Check that it is a CLIP encoder export; {Layouts}.", e);
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }

            Release();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            Release();
        }
    }

    private void Hold()
    {
        int current;
        do
        {
            current = Volatile.Read(ref holders);
            ObjectDisposedException.ThrowIf(current == 0 || Volatile.Read(ref disposed) == 1, this);
        }
        while (Interlocked.CompareExchange(ref holders, current + 1, current) != current);
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref holders) == 0)
        {
            session.Dispose();
        }
    }

    private static EncoderNode Node(string name, NodeMetadata metadata) => metadata.IsTensor
        ? new EncoderNode(name, metadata.ElementType, [.. metadata.Dimensions.Select(d => (long)d)])
        : new EncoderNode(name, null, []);

    private static OrtValue Tensor(EncoderInput input)
    {
        var count = input.Shape.Aggregate(1L, (product, dimension) => product * dimension);
        if (count != input.Values.Length)
        {
            throw new ArgumentException($"A tensor of shape [{string.Join(',', input.Shape)}] holds {count} elements; {input.Name} has {input.Values.Length}.", nameof(input));
        }

        return input.Values switch
        {
            float[] floats => OrtValue.CreateTensorValueFromMemory(floats, input.Shape),
            long[] longs => OrtValue.CreateTensorValueFromMemory(longs, input.Shape),
            int[] ints => OrtValue.CreateTensorValueFromMemory(ints, input.Shape),
            var other => throw new ArgumentException($"Tensors of {other.GetType().Name} are not supported; use float, int or long.", nameof(input)),
        };
    }
}
