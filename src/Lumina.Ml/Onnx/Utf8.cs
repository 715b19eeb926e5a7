using System.Text;

namespace Lumina.Ml.Onnx;

/// <summary>Null-terminated UTF-8 strings, the form the C API takes names and paths in.</summary>
internal static class Utf8
{
    public static byte[] Terminated(string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        return bytes;
    }
}
