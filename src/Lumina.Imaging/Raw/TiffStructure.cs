using System.Buffers.Binary;

namespace Lumina.Imaging.Raw;

/// <summary>One IFD entry: where its value bytes are in the file (absolute), however the entry stores them.</summary>
internal readonly record struct TiffEntry(ushort Tag, ushort Type, uint Count, int ValueAt, int ByteLength);

/// <summary>
/// Bounds-checked reading of a TIFF structure: a whole TIFF-based RAW file, or a maker note's own TIFF
/// header inside it. Offsets in the structure count from <see cref="Base"/>. Nothing here throws for
/// bad input: an entry or IFD that points outside the bytes is simply absent.
/// </summary>
internal sealed class TiffStructure
{
    private const int MaxEntries = 1000;
    private readonly byte[] _bytes;

    private TiffStructure(byte[] bytes, int @base, bool bigEndian)
    {
        _bytes = bytes;
        Base = @base;
        BigEndian = bigEndian;
    }

    /// <summary>Where the TIFF header is; the structure's offsets count from here.</summary>
    public int Base { get; }

    public bool BigEndian { get; }

    /// <summary>The 16-bit number after the byte order: 42 for TIFF, 0x4F52/0x5352 for ORF, 0x55 for RW2.</summary>
    public ushort Magic => U16(Base + 2) ?? 0;

    public int Length => _bytes.Length;

    /// <summary>A TIFF header ("II" or "MM") at <paramref name="start"/>, or null.</summary>
    public static TiffStructure? Open(byte[] bytes, int start)
    {
        if (start < 0 || start + 8 > bytes.Length)
        {
            return null;
        }

        return (bytes[start], bytes[start + 1]) switch
        {
            ((byte)'I', (byte)'I') => new TiffStructure(bytes, start, bigEndian: false),
            ((byte)'M', (byte)'M') => new TiffStructure(bytes, start, bigEndian: true),
            _ => null,
        };
    }

    /// <summary>The same bytes read as another TIFF structure (a maker note's) with its own header at <paramref name="start"/>.</summary>
    public TiffStructure? Nested(int start) => Open(_bytes, start);

    /// <summary>The same byte order, offsets counting from <paramref name="base"/> (maker notes that count from their own start).</summary>
    public TiffStructure Rebased(int @base) => new(_bytes, @base, BigEndian);

    public int? FirstIfd => U32(Base + 4) is { } offset ? Base + (int)offset : null;

    /// <summary>The entries of the IFD at absolute position <paramref name="at"/>, or null when it is not inside the bytes.</summary>
    public IReadOnlyList<TiffEntry>? ReadIfd(int at) => ReadIfd(at, out _);

    /// <summary>As <see cref="ReadIfd(int)"/>, with the absolute position of the next IFD in the chain (null at its end).</summary>
    public IReadOnlyList<TiffEntry>? ReadIfd(int at, out int? next)
    {
        next = null;
        if (U16(at) is not { } count || count == 0 || count > MaxEntries || !Inside(at + 2, 12 * count + 4))
        {
            return null;
        }

        var entries = new List<TiffEntry>(count);
        for (var i = 0; i < count; i++)
        {
            var entry = at + 2 + 12 * i;
            var type = U16(entry + 2)!.Value;
            var number = U32(entry + 4)!.Value;
            var length = (long)number * TypeSize(type);
            if (length is 0 or > int.MaxValue)
            {
                continue;
            }

            var valueAt = length <= 4 ? entry + 8 : Base + (long)U32(entry + 8)!.Value;
            if (valueAt <= int.MaxValue && Inside((int)valueAt, (int)length))
            {
                entries.Add(new TiffEntry(U16(entry)!.Value, type, number, (int)valueAt, (int)length));
            }
        }

        var following = Base + (long)U32(at + 2 + 12 * count)!.Value;
        next = following != Base && following <= int.MaxValue ? (int)following : null;
        return entries;
    }

    /// <summary>An entry's integer values (BYTE, SHORT, LONG, IFD types), or empty.</summary>
    public uint[] Numbers(TiffEntry entry)
    {
        var size = TypeSize(entry.Type);
        if (entry.Type is not (1 or 3 or 4 or 13) || entry.Count > 100_000)
        {
            return [];
        }

        var values = new uint[entry.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var at = entry.ValueAt + i * size;
            values[i] = size switch { 1 => _bytes[at], 2 => U16(at)!.Value, _ => U32(at)!.Value };
        }

        return values;
    }

    public ReadOnlySpan<byte> Span(int at, int length) => Inside(at, length) ? _bytes.AsSpan(at, length) : [];

    public bool Inside(int at, int length) => at >= 0 && length >= 0 && (long)at + length <= _bytes.Length;

    public ushort? U16(int at) => !Inside(at, 2) ? null
        : BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(_bytes.AsSpan(at)) : BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan(at));

    public uint? U32(int at) => !Inside(at, 4) ? null
        : BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(_bytes.AsSpan(at)) : BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(at));

    private static int TypeSize(ushort type) => type switch
    {
        1 or 2 or 6 or 7 => 1,
        3 or 8 => 2,
        4 or 9 or 11 or 13 => 4,
        5 or 10 or 12 => 8,
        _ => 0,
    };
}
