namespace Lumina.Ml.Clip;

/// <summary>How a CLIP encoder runs.</summary>
public sealed class ClipEncoderOptions
{
    /// <summary>
    /// Images or texts per model run when the model accepts any batch size. Default: 16. A model
    /// exported with a fixed batch size (Immich exports use 1) runs at that size instead.
    /// </summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Threads ONNX Runtime uses inside one operator of one run. Default: 0, one per core (ONNX Runtime's choice).</summary>
    public int IntraOpThreads { get; init; }
}
