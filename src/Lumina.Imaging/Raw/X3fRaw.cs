using System.Buffers.Binary;

namespace Lumina.Imaging.Raw;

/// <summary>
/// Sigma X3F: "FOVb", and at the end of the file the offset of a section directory ("SECd") listing image
/// sections ("IMAG", "IMA2"); an image section ("SECi") of format 18 holds a JPEG after its 28-byte header.
/// </summary>
internal static class X3fRaw
{
    private const int JpegFormat = 18, SectionHeader = 28, MaxSections = 1000;

    public static RawFile? Read(byte[] bytes)
    {
        if (bytes.Length < 16 || !bytes.AsSpan().StartsWith("FOVb"u8))
        {
            return null;
        }

        var previews = new List<EmbeddedPreview>();
        var directory = (long)U32(bytes, bytes.Length - 4);
        if (Inside(bytes, directory, 12) && bytes.AsSpan((int)directory).StartsWith("SECd"u8))
        {
            var count = Math.Min(U32(bytes, (int)directory + 8), MaxSections);
            for (var i = 0; i < count && Inside(bytes, directory + 12 + 12 * i, 12); i++)
            {
                var entry = (int)directory + 12 + 12 * i;
                var (offset, length) = (U32(bytes, entry), U32(bytes, entry + 4));
                var type = bytes.AsSpan(entry + 8, 4);
                if ((type.SequenceEqual("IMAG"u8) || type.SequenceEqual("IMA2"u8)) && Inside(bytes, offset, SectionHeader)
                    && bytes.AsSpan((int)offset).StartsWith("SECi"u8) && U32(bytes, (int)offset + 12) == JpegFormat
                    && EmbeddedPreview.At(bytes, offset + SectionHeader, length - (long)SectionHeader, "X3F image section") is { } jpeg)
                {
                    previews.Add(jpeg);
                }
            }
        }

        return new RawFile("x3f", previews, TiffStructured: false, null, []);
    }

    private static bool Inside(byte[] bytes, long at, int length) => at >= 0 && at + length <= bytes.Length;

    private static uint U32(byte[] bytes, int at) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
}
