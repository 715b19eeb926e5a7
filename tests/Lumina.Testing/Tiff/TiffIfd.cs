namespace Lumina.Testing.Tiff;

/// <summary>
/// One TIFF directory for <see cref="TiffBuilder"/>: entries are written in the order added (so a test can
/// put them out of sequence, as some writers do), then the offset of the <see cref="Next"/> IFD.
/// </summary>
public sealed class TiffIfd
{
    public List<(ushort Tag, TiffValue Value)> Entries { get; } = [];

    public TiffIfd? Next { get; set; }

    public TiffIfd Add(ushort tag, TiffValue value)
    {
        Entries.Add((tag, value));
        return this;
    }
}

/// <summary>A TIFF entry's value: its field type, count and bytes, or a reference resolved when the file is laid out.</summary>
public abstract record TiffValue
{
    public static TiffValue Short(params ushort[] values) => new Numbers(3, [.. values.Select(v => (long)v)]);

    public static TiffValue Long(params uint[] values) => new Numbers(4, [.. values.Select(v => (long)v)]);

    public static TiffValue Byte(params byte[] values) => new Numbers(1, [.. values.Select(v => (long)v)]);

    public static TiffValue Rational(params (uint Numerator, uint Denominator)[] values) => new Rationals(5, values);

    public static TiffValue Ascii(string text) => new Raw(2, 0, System.Text.Encoding.ASCII.GetBytes(text + "\0"));

    public static TiffValue Undefined(byte[] bytes) => new Raw(7, 0, bytes);

    public static TiffValue Double(params double[] values) => new Doubles(values);

    /// <summary>The offset of another IFD (a LONG), e.g. the Exif, GPS or a SubIFD pointer.</summary>
    public static TiffValue Pointer(params TiffIfd[] ifds) => new IfdPointers(ifds);

    /// <summary>The offset (a LONG) of a block of bytes that the builder places after the IFDs.</summary>
    public static TiffValue OffsetOf(byte[] blob) => new BlobOffset(blob);

    public sealed record Numbers(ushort Type, long[] Values) : TiffValue;

    public sealed record Rationals(ushort Type, (uint Numerator, uint Denominator)[] Values) : TiffValue;

    public sealed record Doubles(double[] Values) : TiffValue;

    /// <summary>Bytes of a given type; <paramref name="Count"/> 0 means one per byte.</summary>
    public sealed record Raw(ushort Type, int Count, byte[] Bytes) : TiffValue;

    public sealed record IfdPointers(TiffIfd[] Ifds) : TiffValue;

    public sealed record BlobOffset(byte[] Blob) : TiffValue;
}
