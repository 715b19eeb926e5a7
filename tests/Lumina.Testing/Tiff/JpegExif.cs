namespace Lumina.Testing.Tiff;

/// <summary>Puts TIFF-structured EXIF blocks into a JPEG as APP1 segments right after its SOI marker.</summary>
public static class JpegExif
{
    public static byte[] With(byte[] jpeg, params byte[][] tiffBlocks)
    {
        if (jpeg.Length < 2 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            throw new ArgumentException("not a JPEG: no SOI marker", nameof(jpeg));
        }

        using var output = new MemoryStream();
        output.Write(jpeg, 0, 2);
        foreach (var block in tiffBlocks)
        {
            var length = 2 + 6 + block.Length;
            output.Write([0xFF, 0xE1, (byte)(length >> 8), (byte)length]);
            output.Write("Exif\0\0"u8);
            output.Write(block);
        }

        output.Write(jpeg, 2, jpeg.Length - 2);
        return output.ToArray();
    }
}
