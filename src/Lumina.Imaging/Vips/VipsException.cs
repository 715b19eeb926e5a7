using System.Runtime.InteropServices;

namespace Lumina.Imaging.Vips;

/// <summary>A libvips operation failed; the message carries libvips' own error text.</summary>
public sealed class VipsException(string message) : Exception(message)
{
    /// <summary>Copies and clears libvips' error buffer and returns an exception naming <paramref name="operation"/>.</summary>
    internal static VipsException FromNative(string operation)
    {
        var buffer = VipsNative.vips_error_buffer_copy();
        var text = Marshal.PtrToStringUTF8(buffer)?.Trim() ?? "";
        GLibNative.g_free(buffer);
        VipsNative.vips_error_clear();
        return new VipsException(text.Length == 0 ? $"{operation} failed" : $"{operation} failed: {text.ReplaceLineEndings("; ")}");
    }

    internal static void Check(int result, string operation)
    {
        if (result != 0)
        {
            throw FromNative(operation);
        }
    }
}
