namespace Lumina.Ml.Onnx;

/// <summary>
/// A failure of ONNX Runtime: a status returned by the C API (with <see cref="ErrorCode"/> and the
/// runtime's own message), or a library that cannot be found or loaded (<see cref="ErrorCode"/> null).
/// </summary>
public sealed class OnnxRuntimeException : Exception
{
    public OnnxRuntimeException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    public OnnxRuntimeException(OrtErrorCode errorCode, string message)
        : base(message)
    {
        ErrorCode = errorCode;
    }

    /// <summary>The OrtErrorCode of the failed call; null when the library itself could not be used.</summary>
    public OrtErrorCode? ErrorCode { get; }
}
