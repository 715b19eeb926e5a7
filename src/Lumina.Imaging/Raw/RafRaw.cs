using System.Buffers.Binary;

namespace Lumina.Imaging.Raw;

/// <summary>Fujifilm RAF: a fixed header whose bytes 84-91 give the embedded JPEG's offset and length (big-endian).</summary>
internal static class RafRaw
{
    public static RawFile? Read(byte[] bytes)
    {
        if (bytes.Length < 92 || !bytes.AsSpan().StartsWith("FUJIFILMCCD-RAW "u8))
        {
            return null;
        }

        var offset = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(84));
        var length = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(88));
        return new RawFile("raf", EmbeddedPreview.At(bytes, offset, length, "RAF header") is { } jpeg ? [jpeg] : [], TiffStructured: false, null, []);
    }
}
