using System.Buffers.Binary;

namespace Lumina.Testing.Tiff;

/// <summary>
/// Lays out TIFF structures for tests: EXIF blocks with GPS IFDs stored in unusual ways, and TIFF-based
/// camera RAW files (IFD chains, SubIFDs, embedded JPEG previews, maker notes with their own TIFF header).
/// Each IFD is followed by its out-of-line values; blobs come after all IFDs.
/// </summary>
public static class TiffBuilder
{
    /// <param name="magic">42 for TIFF; 0x4F52 for Olympus ORF, 0x55 for Panasonic RW2.</param>
    /// <param name="afterHeader">Bytes between the 8-byte header and IFD0 (Canon CR2's "CR" signature block).</param>
    public static byte[] Build(TiffIfd ifd0, bool bigEndian = false, ushort magic = 42, byte[]? afterHeader = null)
    {
        var ifds = Reachable(ifd0);
        var blobs = new List<byte[]>();
        foreach (var value in ifds.SelectMany(i => i.Entries).Select(e => e.Value))
        {
            if (value is TiffValue.BlobOffset { Blob: var blob } && !blobs.Any(b => ReferenceEquals(b, blob)))
            {
                blobs.Add(blob);
            }
        }

        var position = 8 + (afterHeader?.Length ?? 0);
        var ifdOffsets = new Dictionary<TiffIfd, int>(ReferenceEqualityComparer.Instance);
        foreach (var ifd in ifds)
        {
            ifdOffsets[ifd] = position;
            position += 2 + 12 * ifd.Entries.Count + 4;
            position += ifd.Entries.Sum(e => Length(e.Value) is var length and > 4 ? Even(length) : 0);
        }

        var blobOffsets = new Dictionary<byte[], int>(ReferenceEqualityComparer.Instance);
        foreach (var blob in blobs)
        {
            blobOffsets[blob] = position;
            position += Even(blob.Length);
        }

        var output = new Writer(new byte[position], bigEndian);
        output.Bytes(0, bigEndian ? "MM"u8 : "II"u8);
        output.U16(2, magic);
        output.U32(4, (uint)(8 + (afterHeader?.Length ?? 0)));
        afterHeader?.CopyTo(output.Buffer, 8);
        foreach (var ifd in ifds)
        {
            var at = ifdOffsets[ifd];
            var data = at + 2 + 12 * ifd.Entries.Count + 4;
            output.U16(at, (ushort)ifd.Entries.Count);
            for (var i = 0; i < ifd.Entries.Count; i++)
            {
                var (tag, value) = ifd.Entries[i];
                var (type, count, bytes) = Encode(value, output.BigEndian, ifdOffsets, blobOffsets);
                var entry = at + 2 + 12 * i;
                output.U16(entry, tag);
                output.U16(entry + 2, type);
                output.U32(entry + 4, (uint)count);
                if (bytes.Length <= 4)
                {
                    output.Bytes(entry + 8, bytes);
                }
                else
                {
                    output.U32(entry + 8, (uint)data);
                    output.Bytes(data, bytes);
                    data += Even(bytes.Length);
                }
            }

            output.U32(at + 2 + 12 * ifd.Entries.Count, ifd.Next is { } next ? (uint)ifdOffsets[next] : 0);
        }

        foreach (var blob in blobs)
        {
            output.Bytes(blobOffsets[blob], blob);
        }

        return output.Buffer;
    }

    private static List<TiffIfd> Reachable(TiffIfd first)
    {
        var order = new List<TiffIfd>();
        var seen = new HashSet<TiffIfd>(ReferenceEqualityComparer.Instance);
        var queue = new Queue<TiffIfd>([first]);
        while (queue.TryDequeue(out var ifd))
        {
            if (!seen.Add(ifd))
            {
                continue;
            }

            order.Add(ifd);
            foreach (var pointed in ifd.Entries.Select(e => e.Value).OfType<TiffValue.IfdPointers>().SelectMany(p => p.Ifds))
            {
                queue.Enqueue(pointed);
            }

            if (ifd.Next is { } next)
            {
                queue.Enqueue(next);
            }
        }

        return order;
    }

    private static int Length(TiffValue value) => value switch
    {
        TiffValue.Numbers n => n.Values.Length * (n.Type switch { 1 => 1, 3 => 2, _ => 4 }),
        TiffValue.Rationals r => r.Values.Length * 8,
        TiffValue.Doubles d => d.Values.Length * 8,
        TiffValue.Raw raw => raw.Bytes.Length,
        TiffValue.IfdPointers p => p.Ifds.Length * 4,
        TiffValue.BlobOffset => 4,
        _ => throw new ArgumentException($"unknown TIFF value {value}"),
    };

    private static (ushort Type, int Count, byte[] Bytes) Encode(
        TiffValue value, bool bigEndian, Dictionary<TiffIfd, int> ifdOffsets, Dictionary<byte[], int> blobOffsets)
    {
        var bytes = new Writer(new byte[Length(value)], bigEndian);
        switch (value)
        {
            case TiffValue.Numbers n:
                for (var i = 0; i < n.Values.Length; i++)
                {
                    switch (n.Type)
                    {
                        case 1: bytes.Buffer[i] = (byte)n.Values[i]; break;
                        case 3: bytes.U16(2 * i, (ushort)n.Values[i]); break;
                        default: bytes.U32(4 * i, (uint)n.Values[i]); break;
                    }
                }

                return (n.Type, n.Values.Length, bytes.Buffer);
            case TiffValue.Rationals r:
                for (var i = 0; i < r.Values.Length; i++)
                {
                    bytes.U32(8 * i, r.Values[i].Numerator);
                    bytes.U32(8 * i + 4, r.Values[i].Denominator);
                }

                return (r.Type, r.Values.Length, bytes.Buffer);
            case TiffValue.Doubles d:
                for (var i = 0; i < d.Values.Length; i++)
                {
                    bytes.U64(8 * i, BitConverter.DoubleToUInt64Bits(d.Values[i]));
                }

                return (12, d.Values.Length, bytes.Buffer);
            case TiffValue.Raw raw:
                return (raw.Type, raw.Count == 0 ? raw.Bytes.Length : raw.Count, raw.Bytes);
            case TiffValue.IfdPointers p:
                for (var i = 0; i < p.Ifds.Length; i++)
                {
                    bytes.U32(4 * i, (uint)ifdOffsets[p.Ifds[i]]);
                }

                return (4, p.Ifds.Length, bytes.Buffer);
            case TiffValue.BlobOffset b:
                bytes.U32(0, (uint)blobOffsets[b.Blob]);
                return (4, 1, bytes.Buffer);
            default:
                throw new ArgumentException($"unknown TIFF value {value}");
        }
    }

    private static int Even(int length) => length + (length & 1);

    private readonly record struct Writer(byte[] Buffer, bool BigEndian)
    {
        public void U16(int at, ushort value)
        {
            if (BigEndian)
            {
                BinaryPrimitives.WriteUInt16BigEndian(Buffer.AsSpan(at), value);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(Buffer.AsSpan(at), value);
            }
        }

        public void U32(int at, uint value)
        {
            if (BigEndian)
            {
                BinaryPrimitives.WriteUInt32BigEndian(Buffer.AsSpan(at), value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(Buffer.AsSpan(at), value);
            }
        }

        public void U64(int at, ulong value)
        {
            if (BigEndian)
            {
                BinaryPrimitives.WriteUInt64BigEndian(Buffer.AsSpan(at), value);
            }
            else
            {
                BinaryPrimitives.WriteUInt64LittleEndian(Buffer.AsSpan(at), value);
            }
        }

        public void Bytes(int at, ReadOnlySpan<byte> bytes) => bytes.CopyTo(Buffer.AsSpan(at));
    }
}
