using System.Runtime.InteropServices;

namespace Lumina.Ml.Onnx;

/// <summary>The one place an OrtStatus becomes an exception.</summary>
internal static class OrtStatus
{
    /// <summary>
    /// Does nothing for a null status (success); otherwise copies the code and message out of the
    /// status, releases it, and throws <see cref="OnnxRuntimeException"/> naming what was being done.
    /// </summary>
    public static unsafe void Check(in OrtApi api, nint status, string operation)
    {
        if (status == 0)
        {
            return;
        }

        var code = api.GetErrorCode(status);
        var message = Marshal.PtrToStringUTF8((nint)api.GetErrorMessage(status));
        api.ReleaseStatus(status);
        throw new OnnxRuntimeException(code, $"{operation} failed ({code}): {message}");
    }
}
