using System.Buffers.Binary;

namespace Lumina.Imaging.Raw;

/// <summary>
/// Canon CR3, an ISO base media file (brand "crx "). Its JPEGs: the full-size one that is the first track's
/// sample (located by the track's sample tables), PRVW in a top-level uuid box, and THMB in the Canon uuid
/// box of moov, which also holds the EXIF as TIFF blocks: CMT1 (IFD0), CMT2 (Exif IFD), CMT4 (GPS IFD).
/// </summary>
internal static class Cr3Raw
{
    private static readonly byte[] CanonUuid = Convert.FromHexString("85C0B687820F11E08111F4CE462B6A48");
    private static readonly byte[] PreviewUuid = Convert.FromHexString("EAF42B5E1C984B88B9FBB7DC406E4D16");

    public static RawFile? Read(byte[] bytes)
    {
        if (bytes.Length < 16 || !bytes.AsSpan(4).StartsWith("ftypcrx "u8))
        {
            return null;
        }

        var previews = new List<EmbeddedPreview?>();
        var exif = new List<ExifBlock>();
        foreach (var box in Boxes(bytes, 0, bytes.Length))
        {
            if (box.Is("moov"))
            {
                var tracks = 0;
                foreach (var child in Boxes(bytes, box.Payload, box.End))
                {
                    if (child.IsUuid(bytes, CanonUuid))
                    {
                        ReadCanonBox(bytes, child, previews, exif);
                    }
                    else if (child.Is("trak") && tracks++ == 0)
                    {
                        previews.Add(FirstSample(bytes, child));
                    }
                }
            }
            else if (box.IsUuid(bytes, PreviewUuid))
            {
                // After the uuid, 8 bytes Canon does not document, then the PRVW box.
                foreach (var child in Boxes(bytes, box.Payload + 16 + 8, box.End).Where(b => b.Is("PRVW")))
                {
                    previews.Add(JpegIn(bytes, child, "CR3 PRVW"));
                }
            }
        }

        return new RawFile("cr3", [.. previews.OfType<EmbeddedPreview>()], TiffStructured: false, null, exif);
    }

    private static void ReadCanonBox(byte[] bytes, Box canon, List<EmbeddedPreview?> previews, List<ExifBlock> exif)
    {
        foreach (var child in Boxes(bytes, canon.Payload + 16, canon.End))
        {
            ExifBlockKind? kind = child.Type switch { "CMT1" => ExifBlockKind.Ifd0, "CMT2" => ExifBlockKind.Exif, "CMT4" => ExifBlockKind.Gps, _ => null };
            if (kind is { } root)
            {
                exif.Add(new ExifBlock(bytes[child.Payload..child.End], root));
            }
            else if (child.Is("THMB"))
            {
                previews.Add(JpegIn(bytes, child, "CR3 THMB"));
            }
        }
    }

    /// <summary>The JPEG inside a PRVW or THMB box: it starts a few header bytes in and runs to the box's end.</summary>
    private static EmbeddedPreview? JpegIn(byte[] bytes, Box box, string source)
    {
        var head = bytes.AsSpan(box.Payload, Math.Min(32, box.End - box.Payload));
        var start = head.IndexOf((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]);
        return start < 0 ? null : EmbeddedPreview.At(bytes, box.Payload + start, box.End - box.Payload - start, source);
    }

    /// <summary>The first sample of a track (CR3's first track is the full-size JPEG): chunk offset from stco/co64, size from stsz.</summary>
    private static EmbeddedPreview? FirstSample(byte[] bytes, Box track)
    {
        var table = Find(bytes, track, "mdia", "minf", "stbl");
        if (table is null)
        {
            return null;
        }

        long? offset = null, size = null;
        foreach (var box in Boxes(bytes, table.Value.Payload, table.Value.End))
        {
            var body = bytes.AsSpan(box.Payload, box.End - box.Payload);
            if (box.Is("stsz") && body.Length >= 12)
            {
                var fixedSize = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
                size = fixedSize != 0 ? fixedSize : body.Length >= 16 ? BinaryPrimitives.ReadUInt32BigEndian(body[12..]) : null;
            }
            else if (box.Is("co64") && body.Length >= 16)
            {
                offset = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(body[8..]), long.MaxValue);
            }
            else if (box.Is("stco") && body.Length >= 12)
            {
                offset = BinaryPrimitives.ReadUInt32BigEndian(body[8..]);
            }
        }

        return offset is { } at && size is { } length ? EmbeddedPreview.At(bytes, at, length, "CR3 full-size JPEG track") : null;
    }

    private static Box? Find(byte[] bytes, Box parent, params string[] path)
    {
        var current = parent;
        foreach (var type in path)
        {
            if (Boxes(bytes, current.Payload, current.End).FirstOrDefault(b => b.Is(type)) is not { End: > 0 } next)
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    /// <summary>The boxes between <paramref name="start"/> and <paramref name="end"/>; stops at the first that does not fit.</summary>
    private static IEnumerable<Box> Boxes(byte[] bytes, int start, int end)
    {
        var at = start;
        while (at >= 0 && at + 8 <= end)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));
            var header = 8;
            if (size == 1 && at + 16 <= end)
            {
                size = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(at + 8)), long.MaxValue);
                header = 16;
            }
            else if (size == 0)
            {
                size = end - at;
            }

            if (size < header || at + size > end)
            {
                yield break;
            }

            yield return new Box(System.Text.Encoding.ASCII.GetString(bytes, at + 4, 4), at + header, (int)(at + size));
            at += (int)size;
        }
    }

    private readonly record struct Box(string Type, int Payload, int End)
    {
        public bool Is(string type) => Type == type;

        public bool IsUuid(byte[] bytes, byte[] uuid) => Type == "uuid" && End - Payload >= 16 && bytes.AsSpan(Payload, 16).SequenceEqual(uuid);
    }
}
