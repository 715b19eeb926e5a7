namespace Lumina.Imaging.Raw;

/// <summary>One IFD of a <see cref="TiffStructure"/>, its entries looked up by tag.</summary>
internal sealed record Ifd(TiffStructure Tiff, IReadOnlyList<TiffEntry> Entries)
{
    public const ushort NewSubfileType = 0x00FE, ImageWidth = 0x0100, ImageLength = 0x0101, Compression = 0x0103,
        PhotometricInterpretation = 0x0106, Make = 0x010F, StripOffsets = 0x0111, Orientation = 0x0112, StripByteCounts = 0x0117,
        SubIfds = 0x014A, JpegInterchangeFormat = 0x0201, JpegInterchangeFormatLength = 0x0202, ExifIfd = 0x8769,
        MakerNote = 0x927C, DngVersion = 0xC612, DngPrivateData = 0xC634;

    private const int MaxIfds = 64;

    public TiffEntry? Entry(ushort tag) => Entries.FirstOrDefault(e => e.Tag == tag) is { ByteLength: > 0 } entry ? entry : null;

    public uint[] Numbers(ushort tag) => Entry(tag) is { } entry ? Tiff.Numbers(entry) : [];

    public uint? Number(ushort tag) => Numbers(tag) is [var first, ..] ? first : null;

    public string? Text(ushort tag) => Entry(tag) is { Type: 2 } entry
        ? System.Text.Encoding.ASCII.GetString(Tiff.Span(entry.ValueAt, entry.ByteLength)).TrimEnd('\0', ' ')
        : null;

    /// <summary>The IFD an offset-valued tag points to (e.g. the Exif IFD), or null.</summary>
    public Ifd? Pointed(ushort tag) => Number(tag) is { } offset ? At(Tiff, Tiff.Base + (long)offset) : null;

    public static Ifd? At(TiffStructure tiff, long at) => at is >= 0 and <= int.MaxValue && tiff.ReadIfd((int)at) is { } entries ? new Ifd(tiff, entries) : null;

    /// <summary>IFD0, the IFDs chained after it and every SubIFD below them, each once, in file order of discovery.</summary>
    public static IReadOnlyList<Ifd> ImageIfds(TiffStructure tiff)
    {
        var found = new List<Ifd>();
        var seen = new HashSet<int>();
        var pending = new Queue<int>();
        if (tiff.FirstIfd is { } first)
        {
            pending.Enqueue(first);
        }

        while (pending.TryDequeue(out var at) && found.Count < MaxIfds)
        {
            if (!seen.Add(at) || tiff.ReadIfd(at, out var next) is not { } entries)
            {
                continue;
            }

            var ifd = new Ifd(tiff, entries);
            found.Add(ifd);
            foreach (var sub in ifd.Numbers(SubIfds))
            {
                pending.Enqueue(tiff.Base + (int)Math.Min(sub, int.MaxValue - tiff.Base));
            }

            if (next is { } following)
            {
                pending.Enqueue(following);
            }
        }

        return found;
    }
}
