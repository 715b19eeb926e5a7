using System.Buffers.Binary;
using System.Text;
using Lumina.Testing.Tiff;
using static Lumina.Testing.Tiff.TiffValue;

namespace Lumina.Testing.Raw;

/// <summary>The camera and capture time a generated RAW file (and its JPEG companion) records.</summary>
public sealed record CameraShot(string Make, string Model, string DateTimeOriginal, string? SubSeconds = null, int Orientation = 1);

/// <summary>
/// Camera RAW files laid out as the cameras write them, with made-up sensor data: enough structure for
/// Lumina to recognise the kind, find the embedded JPEGs and read the EXIF, nothing a RAW decoder could use.
/// </summary>
public static class TestRaws
{
    public const ushort NewSubfileType = 0x00FE, ImageWidth = 0x0100, ImageLength = 0x0101, Compression = 0x0103,
        Photometric = 0x0106, Make = 0x010F, Model = 0x0110, StripOffsets = 0x0111, Orientation = 0x0112, StripByteCounts = 0x0117,
        SubIfds = 0x014A, JpegOffset = 0x0201, JpegLength = 0x0202, ExifIfd = 0x8769, MakerNote = 0x927C;

    /// <summary>Bytes that stand for sensor data.</summary>
    public static byte[] SensorData { get; } = [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 37))];

    /// <summary>
    /// A Nikon NEF: IFD0 a reduced-resolution image carrying the camera EXIF, SubIFD 0 the full-size JPEG
    /// (JpgFromRaw, when given), SubIFD 1 the CFA sensor data, IFD1 a small JPEG thumbnail (when given).
    /// </summary>
    public static byte[] Nef(CameraShot shot, byte[]? fullJpeg, byte[]? thumbnail = null, (int Width, int Height)? sensor = null)
    {
        var (width, height) = sensor ?? (6048, 4024);
        var raw = SensorIfd(width, height, compression: 34713);
        var subIfds = new List<TiffIfd>();
        if (fullJpeg is not null)
        {
            subIfds.Add(new TiffIfd().Add(NewSubfileType, Long(1)).Add(Compression, Short(6))
                .Add(JpegOffset, OffsetOf(fullJpeg)).Add(JpegLength, Long((uint)fullJpeg.Length)));
        }

        subIfds.Add(raw);
        var ifd0 = CameraIfd0(shot, reduced: true).Add(SubIfds, Pointer([.. subIfds]));
        if (thumbnail is not null)
        {
            ifd0.Next = new TiffIfd().Add(Compression, Short(6)).Add(JpegOffset, OffsetOf(thumbnail)).Add(JpegLength, Long((uint)thumbnail.Length));
        }

        return TiffBuilder.Build(ifd0);
    }

    /// <summary>IFD0 with the camera's make, model and orientation, and an Exif IFD with the capture time.</summary>
    public static TiffIfd CameraIfd0(CameraShot shot, bool reduced)
    {
        var ifd0 = new TiffIfd();
        if (reduced)
        {
            ifd0.Add(NewSubfileType, Long(1));
        }

        return ifd0.Add(Make, Ascii(shot.Make)).Add(Model, Ascii(shot.Model)).Add(Orientation, Short((ushort)shot.Orientation))
            .Add(ExifIfd, Pointer(ExifOf(shot)));
    }

    public static TiffIfd ExifOf(CameraShot shot)
    {
        var exif = new TiffIfd().Add(0x9003, Ascii(shot.DateTimeOriginal));
        return shot.SubSeconds is { } sub ? exif.Add(0x9291, Ascii(sub)) : exif;
    }

    /// <summary>An IFD of CFA sensor data (photometric 32803) with the given compression.</summary>
    public static TiffIfd SensorIfd(int width, int height, ushort compression) => new TiffIfd()
        .Add(NewSubfileType, Long(0)).Add(ImageWidth, Long((uint)width)).Add(ImageLength, Long((uint)height))
        .Add(Compression, Short(compression)).Add(Photometric, Short(32803))
        .Add(StripOffsets, OffsetOf(SensorData)).Add(StripByteCounts, Long((uint)SensorData.Length));

    /// <summary>
    /// A Canon CR3: ftyp "crx ", moov holding the Canon uuid box (CMT1 IFD0, CMT2 Exif IFD, CMT4 GPS IFD, THMB)
    /// and a first track whose one sample is the full-size JPEG in mdat, and a top-level uuid box with PRVW.
    /// </summary>
    public static byte[] Cr3(CameraShot shot, byte[]? fullJpeg, byte[]? prvw, byte[]? thmb, TiffIfd? gps = null)
    {
        var cmt1 = TiffBuilder.Build(new TiffIfd().Add(Make, Ascii(shot.Make)).Add(Model, Ascii(shot.Model)).Add(Orientation, Short((ushort)shot.Orientation)));
        var cmt2 = TiffBuilder.Build(ExifOf(shot));
        var canon = new List<byte[]> { Box("CMT1", cmt1), Box("CMT2", cmt2) };
        if (gps is not null)
        {
            canon.Add(Box("CMT4", TiffBuilder.Build(gps)));
        }

        if (thmb is not null)
        {
            canon.Add(Box("THMB", [0, 0, 0, 0, .. U16(160), .. U16(120), .. U32((uint)thmb.Length), 0, 1, 0, 0, .. thmb]));
        }

        var ftyp = Box("ftyp", [.. "crx "u8, 0, 0, 0, 1, .. "crx "u8, .. "isom"u8]);
        var preview = prvw is null ? [] : Uuid("EAF42B5E1C984B88B9FBB7DC406E4D16",
            [0, 0, 0, 0, 0, 0, 0, 1, .. Box("PRVW", [0, 0, 0, 0, 0, 1, .. U16(1620), .. U16(1080), 0, 1, .. U32((uint)prvw.Length), .. prvw])]);
        byte[] Moov(long chunkOffset) => Box("moov", [
            .. Uuid("85C0B687820F11E08111F4CE462B6A48", [.. canon.SelectMany(b => b)]),
            .. fullJpeg is null ? [] : Box("trak", Box("mdia", Box("minf", Box("stbl", [
                .. Box("stsz", [0, 0, 0, 0, .. U32((uint)fullJpeg.Length), .. U32(1)]),
                .. Box("co64", [0, 0, 0, 0, .. U32(1), .. U64((ulong)chunkOffset)]),
            ])))),
        ]);

        // The chunk offset depends on the boxes before mdat, whose size does not depend on its value.
        var before = ftyp.Length + Moov(0).Length + preview.Length;
        return [.. ftyp, .. Moov(before + 8), .. preview, .. Box("mdat", [.. fullJpeg ?? [], .. SensorData])];
    }

    /// <summary>A Fujifilm RAF: its header pointing at the embedded JPEG (which carries the camera's EXIF), then CFA data.</summary>
    public static byte[] Raf(byte[] jpeg)
    {
        var header = new byte[160];
        "FUJIFILMCCD-RAW 0201FF383501"u8.CopyTo(header);
        Encoding.ASCII.GetBytes("X-T3").CopyTo(header, 28);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(84), (uint)header.Length);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(88), (uint)jpeg.Length);
        return [.. header, .. jpeg, .. SensorData];
    }

    /// <summary>A Sigma X3F: "FOVb" header, a JPEG image section, and the section directory the last 4 bytes point to.</summary>
    public static byte[] X3f(byte[] jpeg)
    {
        var header = new byte[256];
        "FOVb"u8.CopyTo(header);
        byte[] section = [.. "SECi"u8, .. U32Le(0x00020000), .. U32Le(2), .. U32Le(18), .. U32Le(640), .. U32Le(480), .. U32Le(0), .. jpeg];
        var sectionAt = header.Length + SensorData.Length;
        var directoryAt = sectionAt + section.Length;
        byte[] directory = [.. "SECd"u8, .. U32Le(0x00020000), .. U32Le(1), .. U32Le((uint)sectionAt), .. U32Le((uint)section.Length), .. "IMA2"u8];
        return [.. header, .. SensorData, .. section, .. directory, .. U32Le((uint)directoryAt)];
    }

    private static byte[] Box(string type, byte[] payload) => [.. U32((uint)(payload.Length + 8)), .. Encoding.ASCII.GetBytes(type), .. payload];

    private static byte[] Uuid(string uuid, byte[] payload) => Box("uuid", [.. Convert.FromHexString(uuid), .. payload]);

    private static byte[] U16(ushort value) => [(byte)(value >> 8), (byte)value];

    private static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] U64(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] U32Le(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }
}
