namespace Lumina.Ml.Onnx;

/// <summary>How a session runs its model.</summary>
public sealed class OnnxSessionOptions
{
    /// <summary>Threads used inside one operator (e.g. one MatMul). Default: 0, ONNX Runtime's choice (one per core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Threads running independent operators at once. Default: 0, ONNX Runtime's choice.</summary>
    public int InterOpThreads { get; init; }

    /// <summary>Graph rewrites applied when the model loads. Default: <see cref="OnnxGraphOptimization.All"/>.</summary>
    public OnnxGraphOptimization GraphOptimization { get; init; } = OnnxGraphOptimization.All;
}

/// <summary>GraphOptimizationLevel.</summary>
public enum OnnxGraphOptimization
{
    Disabled = 0,
    Basic = 1,
    Extended = 2,
    All = 99,
}
