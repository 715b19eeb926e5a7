namespace Lumina.Imaging.Raw;

/// <summary>A JPEG a RAW file embeds: where it is, its size, and which structure pointed to it.</summary>
public sealed record EmbeddedPreview(int Offset, int Length, int Width, int Height, string Source)
{
    public long Pixels => (long)Width * Height;

    /// <summary>The JPEG at <paramref name="offset"/> if the bytes there are one libvips can decode, else null.</summary>
    internal static EmbeddedPreview? At(ReadOnlySpan<byte> file, long offset, long length, string source)
    {
        if (offset < 0 || length < 4 || offset + length > file.Length)
        {
            return null;
        }

        return JpegFrame.Read(file.Slice((int)offset, (int)length)) is var (width, height)
            ? new EmbeddedPreview((int)offset, (int)length, width, height, source)
            : null;
    }
}
