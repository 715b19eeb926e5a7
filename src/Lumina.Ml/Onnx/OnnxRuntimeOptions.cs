namespace Lumina.Ml.Onnx;

/// <summary>How the ONNX Runtime library is found and set up.</summary>
public sealed class OnnxRuntimeOptions
{
    /// <summary>
    /// The library file (<c>libonnxruntime.so.1</c>) or the folder holding it. Default: null, meaning
    /// the <c>LUMINA_ONNXRUNTIME_PATH</c> environment variable, then the npm package
    /// <c>onnxruntime-node</c> in a <c>node_modules</c> (or <c>infra/local/node_modules</c>) above the
    /// application or the working directory, then the system library path.
    /// </summary>
    public string? LibraryPath { get; init; }

    /// <summary>The least severe ONNX Runtime log message written to stderr. Default: <see cref="OnnxLogLevel.Error"/>.</summary>
    public OnnxLogLevel LogLevel { get; init; } = OnnxLogLevel.Error;
}

/// <summary>OrtLoggingLevel.</summary>
public enum OnnxLogLevel
{
    Verbose = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
    Fatal = 4,
}
