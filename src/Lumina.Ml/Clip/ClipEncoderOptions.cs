using Lumina.Ml.Onnx;

namespace Lumina.Ml.Clip;

/// <summary>How a CLIP encoder runs.</summary>
public sealed class ClipEncoderOptions
{
    /// <summary>
    /// Images or texts per model run when the model accepts any batch size. Default: 16. A model
    /// exported with a fixed batch size (Immich exports use 1) runs at that size instead.
    /// </summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Threads and graph optimization of the ONNX Runtime sessions. Default: ONNX Runtime's defaults.</summary>
    public OnnxSessionOptions Session { get; init; } = new();
}
