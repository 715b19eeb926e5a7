namespace Lumina.Imaging.Vips;

/// <summary>A libvips operation failed; the message says which and carries libvips' own error text.</summary>
public sealed class VipsException(string message) : Exception(message)
{
    /// <summary>
    /// Ours from NetVips': its message is NetVips' own line ("unable to call VipsForeignLoadJpegSource") followed by
    /// libvips' error buffer; the buffer's lines say what is wrong with the file, so they are kept when there are any.
    /// </summary>
    internal static VipsException From(string operation, NetVips.VipsException e)
    {
        var lines = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var text = lines.Length > 1 ? string.Join("; ", lines[1..]) : string.Join("; ", lines);
        return new VipsException(text.Length == 0 ? $"{operation} failed" : $"{operation} failed: {text}");
    }
}
