using Lumina.Imaging.Raw;
using Lumina.Testing.Raw;
using Lumina.Testing.Tiff;
using static Lumina.Testing.Tiff.TiffValue;

namespace Lumina.Imaging.Tests;

/// <summary>
/// Each TIFF-based RAW kind told apart by its content (header, IFD0, maker note), with its previews found
/// where that kind keeps them; generated files, laid out as the cameras write them.
/// </summary>
public sealed class RawKindTests(GeneratedImages images) : IClassFixture<GeneratedImages>
{
    [Theory]
    [InlineData("dng", "IFD 2 JPEG strips")]
    [InlineData("nef", "IFD 1 JPEGInterchangeFormat")]
    [InlineData("nrw", "IFD 1 JPEGInterchangeFormat")]
    [InlineData("arw", "IFD0 JPEGInterchangeFormat")]
    [InlineData("sr2", "IFD0 JPEGInterchangeFormat")]
    [InlineData("pef", "IFD 2 JPEGInterchangeFormat")]
    [InlineData("srw", "IFD 1 JPEGInterchangeFormat")]
    [InlineData("3fr", "IFD0 JPEGInterchangeFormat")]
    [InlineData("iiq", "IFD0 JPEGInterchangeFormat")]
    [InlineData("orf", "Olympus camera settings preview")]
    [InlineData("rw2", "RW2 JpgFromRaw")]
    [InlineData("nikon-maker-note", "Nikon PreviewIFD")]
    public void EachKindIsRecognisedAndItsLargestPreviewFound(string kind, string source)
    {
        var large = images.Scene($"{kind}-large.jpg", 640, 480, seed: 11);
        var small = images.Scene($"{kind}-small.jpg", 160, 120, seed: 11);

        var raw = RawFile.Read(Build(kind, large, small), $"photo.{kind}");

        Assert.NotNull(raw);
        Assert.Equal(kind == "nikon-maker-note" ? "nef" : kind, raw.Kind);
        Assert.Equal(source, raw.Largest!.Source);
        Assert.Equal((640, 480), (raw.Largest.Width, raw.Largest.Height));
        Assert.True(raw.Previews.Count >= 2, $"{kind}: {raw.Previews.Count} previews found");
        Assert.Equal((4000, 3000), raw.SensorSize);
    }

    [Fact]
    public void ATiffWithoutSensorDataIsNoRawWhateverItsMake()
    {
        var rgb = new TiffIfd().Add(TestRaws.ImageWidth, Long(8)).Add(TestRaws.ImageLength, Long(8)).Add(TestRaws.Make, Ascii("Phase One"))
            .Add(TestRaws.Photometric, Short(2)).Add(TestRaws.StripOffsets, OffsetOf(new byte[192])).Add(TestRaws.StripByteCounts, Long(192));

        Assert.Null(RawFile.Read(TiffBuilder.Build(rgb), "export.iiq"));
    }

    [Fact]
    public void PreviewsPointingOutsideTheFileOrAtNonJpegBytesAreIgnored()
    {
        var jpeg = images.Scene("real.jpg", 320, 240, seed: 12);
        var ifd0 = TestRaws.CameraIfd0(new CameraShot("SONY", "ILCE-7M3", "2024:01:01 00:00:00"), reduced: true)
            .Add(TestRaws.JpegOffset, Long(1_000_000)).Add(TestRaws.JpegLength, Long(5000))
            .Add(TestRaws.SubIfds, Pointer(TestRaws.SensorIfd(4000, 3000, 32767)));
        ifd0.Next = new TiffIfd().Add(TestRaws.JpegOffset, OffsetOf(TestRaws.SensorData)).Add(TestRaws.JpegLength, Long((uint)TestRaws.SensorData.Length))
            .Add(TestRaws.Compression, Short(6));
        ifd0.Next.Next = new TiffIfd().Add(TestRaws.JpegOffset, OffsetOf(jpeg)).Add(TestRaws.JpegLength, Long((uint)jpeg.Length));

        var raw = RawFile.Read(TiffBuilder.Build(ifd0))!;

        var preview = Assert.Single(raw.Previews);
        Assert.Equal((320, 240), (preview.Width, preview.Height));
    }

    private static byte[] Build(string kind, byte[] large, byte[] small)
    {
        var shot = new CameraShot(kind switch
        {
            "arw" or "sr2" => "SONY",
            "pef" => "PENTAX",
            "srw" => "SAMSUNG",
            "3fr" => "Hasselblad",
            "iiq" => "Phase One",
            "orf" => "OLYMPUS CORPORATION",
            "rw2" => "Panasonic",
            _ => "NIKON CORPORATION",
        }, "Model", "2024:01:01 00:00:00");
        var sensor = TestRaws.SensorIfd(4000, 3000, compression: kind switch { "arw" or "sr2" => 32767, "pef" => 65535, "srw" => 32769, _ => 1 });
        TiffIfd Jpeg(byte[] jpeg) => new TiffIfd().Add(TestRaws.NewSubfileType, Long(1)).Add(TestRaws.Compression, Short(6))
            .Add(TestRaws.JpegOffset, OffsetOf(jpeg)).Add(TestRaws.JpegLength, Long((uint)jpeg.Length));

        switch (kind)
        {
            case "dng":
            {
                // IFD0 a small preview (JPEG strip), SubIFDs the sensor data and a larger preview strip.
                var strip = new TiffIfd().Add(TestRaws.NewSubfileType, Long(1)).Add(TestRaws.Compression, Short(7))
                    .Add(TestRaws.StripOffsets, OffsetOf(large)).Add(TestRaws.StripByteCounts, Long((uint)large.Length));
                var ifd0 = new TiffIfd().Add(TestRaws.NewSubfileType, Long(1)).Add(TestRaws.Compression, Short(7))
                    .Add(TestRaws.Make, Ascii("NIKON CORPORATION")).Add(TestRaws.StripOffsets, OffsetOf(small)).Add(TestRaws.StripByteCounts, Long((uint)small.Length))
                    .Add(TestRaws.SubIfds, Pointer(sensor, strip)).Add(0xC612, Byte(1, 6, 0, 0));
                return TiffBuilder.Build(ifd0);
            }

            case "nef" or "srw":
            {
                var ifd0 = TestRaws.CameraIfd0(shot, reduced: true).Add(TestRaws.SubIfds, Pointer(Jpeg(large), sensor));
                ifd0.Next = Jpeg(small);
                return TiffBuilder.Build(ifd0);
            }

            case "nrw":
            {
                // An NRW is a NEF whose IFD0 holds a JPEG thumbnail.
                var ifd0 = TestRaws.CameraIfd0(shot, reduced: true).Add(TestRaws.Compression, Short(6))
                    .Add(TestRaws.JpegOffset, OffsetOf(small)).Add(TestRaws.JpegLength, Long((uint)small.Length))
                    .Add(TestRaws.SubIfds, Pointer(Jpeg(large), sensor));
                return TiffBuilder.Build(ifd0);
            }

            case "arw" or "sr2" or "3fr":
            {
                var ifd0 = TestRaws.CameraIfd0(shot, reduced: true).Add(TestRaws.Compression, Short(6))
                    .Add(TestRaws.JpegOffset, OffsetOf(large)).Add(TestRaws.JpegLength, Long((uint)large.Length))
                    .Add(TestRaws.SubIfds, Pointer(sensor));
                ifd0.Next = Jpeg(small);
                return TiffBuilder.Build(ifd0);
            }

            case "pef":
            {
                // IFD0 the sensor data, IFD1 a thumbnail, IFD2 the large JPEG.
                var ifd0 = TestRaws.CameraIfd0(shot, reduced: false);
                foreach (var (tag, value) in sensor.Entries)
                {
                    ifd0.Add(tag, value);
                }

                ifd0.Next = Jpeg(small);
                ifd0.Next.Next = Jpeg(large);
                return TiffBuilder.Build(ifd0);
            }

            case "iiq":
            {
                // Phase One keeps the sensor data inside its maker note, which starts "IIII" + "?waR".
                byte[] note = [.. "IIIITwaR"u8, .. new byte[1_000_100]];
                var exif = TestRaws.ExifOf(shot).Add(TestRaws.MakerNote, Undefined(note));
                var ifd0 = new TiffIfd().Add(TestRaws.Make, Ascii(shot.Make)).Add(TestRaws.ExifIfd, Pointer(exif))
                    .Add(TestRaws.ImageWidth, Long(4000)).Add(TestRaws.ImageLength, Long(3000)).Add(TestRaws.Photometric, Short(32803))
                    .Add(TestRaws.JpegOffset, OffsetOf(large)).Add(TestRaws.JpegLength, Long((uint)large.Length));
                ifd0.Next = Jpeg(small);
                return TiffBuilder.Build(ifd0);
            }

            case "orf":
            {
                // Magic "RO"; the preview is in the Olympus maker note's camera settings, its offsets counted from the note's start.
                var ifd0 = TestRaws.CameraIfd0(shot, reduced: false);
                foreach (var (tag, value) in sensor.Entries.Where(e => e.Tag != TestRaws.NewSubfileType))
                {
                    ifd0.Add(tag, value);
                }

                var exif = ifd0.Entries.Single(e => e.Tag == TestRaws.ExifIfd).Value is IfdPointers { Ifds: [var e] } ? e : throw new InvalidOperationException();
                exif.Add(TestRaws.MakerNote, Undefined(OlympusNote(large)));
                ifd0.Next = Jpeg(small);
                return TiffBuilder.Build(ifd0, magic: 0x4F52);
            }

            case "rw2":
            {
                // Magic 0x55; Panasonic's IFD0 gives the sensor size in its own tags and holds the JPEG whole in tag 0x2E.
                var ifd0 = new TiffIfd().Add(0x0002, Short(4000)).Add(0x0003, Short(3000)).Add(TestRaws.Make, Ascii(shot.Make))
                    .Add(0x002E, Undefined(large)).Add(TestRaws.ExifIfd, Pointer(TestRaws.ExifOf(shot)));
                ifd0.Next = Jpeg(small);
                return TiffBuilder.Build(ifd0, magic: 0x55);
            }

            default:
            {
                // A NEF whose only large JPEG is the maker note's PreviewIFD: "Nikon\0", version 2, then its own TIFF header.
                var preview = new TiffIfd().Add(TestRaws.JpegOffset, OffsetOf(large)).Add(TestRaws.JpegLength, Long((uint)large.Length));
                var inner = TiffBuilder.Build(new TiffIfd().Add(0x0001, Undefined("0211"u8.ToArray())).Add(0x0011, Pointer(preview)), bigEndian: true);
                var exif = TestRaws.ExifOf(shot).Add(TestRaws.MakerNote, Undefined([.. "Nikon\0"u8, 2, 0x11, 0, 0, .. inner]));
                var ifd0 = new TiffIfd().Add(TestRaws.NewSubfileType, Long(1)).Add(TestRaws.Make, Ascii(shot.Make)).Add(TestRaws.ExifIfd, Pointer(exif))
                    .Add(TestRaws.SubIfds, Pointer(sensor));
                ifd0.Next = Jpeg(small);
                return TiffBuilder.Build(ifd0);
            }
        }
    }

    /// <summary>An Olympus maker note: "OLYMPUS\0II", version 3, then an IFD whose camera settings IFD holds the preview.</summary>
    private static byte[] OlympusNote(byte[] jpeg)
    {
        // Offsets in the note count from its start, where the builder's TIFF header stands: the 12-byte
        // Olympus header is written over the first 12 bytes, so IFDs start at 12 and the header's own IFD
        // offset (at 4) is replaced by the version.
        var settings = new TiffIfd().Add(0x0100, Long(1)).Add(0x0101, OffsetOf(jpeg)).Add(0x0102, Long((uint)jpeg.Length));
        var body = TiffBuilder.Build(new TiffIfd().Add(0x0000, Undefined("0100"u8.ToArray())).Add(0x2020, Pointer(settings)), afterHeader: new byte[4]);
        "OLYMPUS\0II\x03\0"u8.CopyTo(body);
        return body;
    }
}
