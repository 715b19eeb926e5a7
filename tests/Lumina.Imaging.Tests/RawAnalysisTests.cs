using Lumina.Core.Hashing;
using Lumina.Imaging.Analysis;
using Lumina.Imaging.Raw;
using Lumina.Testing;
using Lumina.Testing.Raw;
using Lumina.Testing.Tiff;
using static Lumina.Testing.Tiff.TiffValue;

namespace Lumina.Imaging.Tests;

/// <summary>
/// Camera RAW files through the analyzer: EXIF from the file, pixels from the largest embedded JPEG through
/// the one decode every original gets, the sensor image's size, and the right orientation.
/// </summary>
public sealed class RawAnalysisTests(GeneratedImages images) : IClassFixture<GeneratedImages>
{
    private static readonly ImageAnalyzer Analyzer = new(new AnalysisSettings());
    private static readonly CameraShot Shot = new("NIKON CORPORATION", "NIKON Z 6", "2024:05:01 10:20:30", "42", Orientation: 1);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void ANefIsAnalyzedFromItsLargestPreviewWithTheSensorSizeAndCameraExif()
    {
        var full = images.Scene("full.jpg[Q=92]", 900, 600, seed: 3);
        var thumbnail = images.Scene("thumb.jpg", 160, 106, seed: 3);

        var analysis = Analyzer.Analyze(TestRaws.Nef(Shot, full, thumbnail), Ct);
        var alone = Analyzer.Analyze(full, Ct);

        Assert.Null(analysis.Error);
        Assert.Equal("nef", analysis.Format);
        Assert.Equal((6048, 4024), (analysis.Width, analysis.Height));
        Assert.Equal(PixelSources.EmbeddedPreview, analysis.PixelsFrom);
        Assert.Equal(PixelSources.Decoded, alone.PixelsFrom);
        Assert.Equal(("NIKON CORPORATION", "NIKON Z 6"), (analysis.Exif.Make, analysis.Exif.Model));
        Assert.Equal("2024-05-01T10:20:30.420", analysis.Exif.DateTimeOriginal?.ToString());
        var pixels = analysis.Pixels!;
        Assert.Equal((900, 600), (pixels.Preview.Width, pixels.Preview.Height));
        Assert.Equal(alone.Pixels!.Hashes, pixels.Hashes);
        Assert.Equal(alone.Pixels.Thumbnail.Bytes, pixels.Thumbnail.Bytes);
    }

    [Fact]
    public void ThePreviewIsTurnedByTheRawsOrientationWhenItHasNoneOfItsOwn()
    {
        var full = images.Scene("landscape.jpg[Q=92]", 900, 600, seed: 4);
        TestImages.Save(TestImages.Scene(900, 600, seed: 4), 900, 600, images.PathOf("tagged.jpg[Q=92]"));
        TestImages.Tag(images.PathOf("tagged.jpg"), ("Orientation", "6"));
        var tagged = Analyzer.Analyze(File.ReadAllBytes(images.PathOf("tagged.jpg")), Ct);

        var analysis = Analyzer.Analyze(TestRaws.Nef(Shot with { Orientation = 6 }, full), Ct);

        Assert.Equal(6, analysis.Orientation);
        Assert.Equal((6048, 4024), (analysis.Width, analysis.Height));
        Assert.Equal((600, 900), (analysis.Pixels!.Preview.Width, analysis.Pixels.Preview.Height));
        Assert.Equal(tagged.Pixels!.Hashes, analysis.Pixels.Hashes);
    }

    [Fact]
    public void APreviewWithItsOwnOrientationIsTurnedOnceNotTwice()
    {
        TestImages.Save(TestImages.Scene(900, 600, seed: 5), 900, 600, images.PathOf("own.jpg[Q=92]"));
        TestImages.Tag(images.PathOf("own.jpg"), ("Orientation", "8"));
        var own = File.ReadAllBytes(images.PathOf("own.jpg"));
        var alone = Analyzer.Analyze(own, Ct);

        var analysis = Analyzer.Analyze(TestRaws.Nef(Shot with { Orientation = 8 }, own), Ct);

        Assert.Equal((600, 900), (analysis.Pixels!.Preview.Width, analysis.Pixels.Preview.Height));
        Assert.Equal(alone.Pixels!.Hashes, analysis.Pixels.Hashes);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(7)]
    public void EveryOrientationIsAppliedAsLibvipsAppliesATag(int orientation)
    {
        var plain = images.Scene($"plain{orientation}.jpg[Q=92]", 300, 200, seed: orientation);
        File.WriteAllBytes(images.PathOf($"tagged{orientation}.jpg"), plain);
        TestImages.Tag(images.PathOf($"tagged{orientation}.jpg"), ("Orientation", orientation.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var tagged = Analyzer.Analyze(File.ReadAllBytes(images.PathOf($"tagged{orientation}.jpg")), Ct);

        var analysis = Analyzer.Analyze(TestRaws.Nef(Shot with { Orientation = orientation }, plain), Ct);

        Assert.Equal(tagged.Pixels!.Hashes, analysis.Pixels!.Hashes);
        Assert.Equal((tagged.Pixels.Preview.Width, tagged.Pixels.Preview.Height), (analysis.Pixels.Preview.Width, analysis.Pixels.Preview.Height));
    }

    [Fact]
    public void ARawWithoutAPreviewGetsAClearErrorAndKeepsItsExif()
    {
        var analysis = Analyzer.Analyze(TestRaws.Nef(Shot, fullJpeg: null), Ct);

        Assert.Equal(RawFile.NoPreviewError, analysis.Error);
        Assert.Equal("nef", analysis.Format);
        Assert.Null(analysis.Pixels);
        Assert.Null(analysis.PixelsFrom);
        Assert.Equal((6048, 4024), (analysis.Width, analysis.Height));
        Assert.Equal("NIKON Z 6", analysis.Exif.Model);
        Assert.NotNull(analysis.Exif.DateTimeOriginal);
    }

    [Fact]
    public void ACorruptPreviewIsReportedAsSuchAndTheExifIsKept()
    {
        var full = images.Scene("broken.jpg[Q=92]", 900, 600, seed: 6);
        var cut = full[..(full.Length / 3)];

        var analysis = Analyzer.Analyze(TestRaws.Nef(Shot, cut), Ct);

        Assert.Null(analysis.Pixels);
        Assert.StartsWith("could not decode the embedded JPEG preview", analysis.Error);
        Assert.Equal("NIKON Z 6", analysis.Exif.Model);
    }

    [Fact]
    public void LosslessJpegSensorDataIsNotTakenForAPreview()
    {
        // A CR2 keeps its sensor data as lossless JPEG (SOF3) in IFD3: it must not be chosen, however large.
        var medium = images.Scene("medium.jpg", 600, 400, seed: 7);
        byte[] lossless = [0xFF, 0xD8, 0xFF, 0xC3, 0, 11, 12, 0x0F, 0xA0, 0x17, 0x70, 1, 1, 0x11, 0, 0xFF, 0xD9];
        var ifd3 = new TiffIfd().Add(TestRaws.Compression, Short(6)).Add(TestRaws.StripOffsets, OffsetOf(lossless)).Add(TestRaws.StripByteCounts, Long((uint)lossless.Length));
        var ifd0 = TestRaws.CameraIfd0(Shot with { Make = "Canon", Model = "Canon EOS 5D Mark IV" }, reduced: false)
            .Add(TestRaws.ImageWidth, Long(6720)).Add(TestRaws.ImageLength, Long(4480)).Add(TestRaws.Compression, Short(6))
            .Add(TestRaws.StripOffsets, OffsetOf(medium)).Add(TestRaws.StripByteCounts, Long((uint)medium.Length));
        ifd0.Next = new TiffIfd { Next = new TiffIfd { Next = ifd3 }.Add(TestRaws.Compression, Short(1)) }.Add(TestRaws.Compression, Short(6));
        var cr2 = TiffBuilder.Build(ifd0, afterHeader: [(byte)'C', (byte)'R', 2, 0, 0, 0, 0, 0]);

        var raw = RawFile.Read(cr2)!;
        var analysis = Analyzer.Analyze(cr2, Ct);

        Assert.Equal("cr2", raw.Kind);
        Assert.Equal((600, 400), (raw.Largest!.Width, raw.Largest.Height));
        Assert.Equal("IFD0 JPEG strips", raw.Largest.Source);
        Assert.Equal((6720, 4480), (analysis.Width, analysis.Height));
        Assert.Equal(PixelSources.EmbeddedPreview, analysis.PixelsFrom);
    }

    [Fact]
    public void ACr3IsReadFromItsBoxes()
    {
        var full = images.Scene("cr3-full.jpg[Q=90]", 1200, 800, seed: 8);
        var prvw = images.Scene("cr3-prvw.jpg", 600, 400, seed: 8);
        var thmb = images.Scene("cr3-thmb.jpg", 160, 106, seed: 8);
        var gps = new TiffIfd().Add(1, Ascii("N")).Add(2, Rational((45, 1), (30, 1), (0, 1))).Add(3, Ascii("W")).Add(4, Rational((73, 1), (34, 1), (12, 1)));
        var shot = Shot with { Make = "Canon", Model = "Canon EOS R5", SubSeconds = "07" };

        var analysis = Analyzer.Analyze(TestRaws.Cr3(shot, full, prvw, thmb, gps), Ct);
        var withoutTrack = RawFile.Read(TestRaws.Cr3(shot, fullJpeg: null, prvw, thmb))!;

        Assert.Null(analysis.Error);
        Assert.Equal("cr3", analysis.Format);
        Assert.Equal(("Canon", "Canon EOS R5"), (analysis.Exif.Make, analysis.Exif.Model));
        Assert.Equal("2024-05-01T10:20:30.070", analysis.Exif.DateTimeOriginal?.ToString());
        Assert.Equal(45.5, analysis.Exif.Latitude!.Value, 6);
        Assert.Equal(-73.57, analysis.Exif.Longitude!.Value, 6);
        Assert.Equal((1200, 800), (analysis.Pixels!.Preview.Width, analysis.Pixels.Preview.Height));
        Assert.Equal(["CR3 PRVW", "CR3 THMB"], withoutTrack.Previews.Select(p => p.Source).Order());
        Assert.Equal("CR3 PRVW", withoutTrack.Largest!.Source);
    }

    [Fact]
    public void ARafAndAnX3fAreReadFromTheirHeadersAndTheirPreviewsExif()
    {
        var jpeg = images.Scene("fuji.jpg[Q=90]", 800, 533, seed: 9);
        File.WriteAllBytes(images.PathOf("fuji-tagged.jpg"), jpeg);
        TestImages.Tag(images.PathOf("fuji-tagged.jpg"), ("Make", "FUJIFILM"), ("Model", "X-T3"), ("DateTimeOriginal", "2023:03:04 05:06:07"), ("ExifImageWidth", "6240"), ("ExifImageHeight", "4160"));
        var tagged = File.ReadAllBytes(images.PathOf("fuji-tagged.jpg"));

        var raf = Analyzer.Analyze(TestRaws.Raf(tagged), Ct);
        var x3f = Analyzer.Analyze(TestRaws.X3f(tagged), Ct);

        foreach (var (analysis, kind) in new[] { (raf, "raf"), (x3f, "x3f") })
        {
            Assert.Null(analysis.Error);
            Assert.Equal(kind, analysis.Format);
            Assert.Equal(("FUJIFILM", "X-T3"), (analysis.Exif.Make, analysis.Exif.Model));
            Assert.Equal((6240, 4160), (analysis.Width, analysis.Height));
            Assert.Equal((800, 533), (analysis.Pixels!.Preview.Width, analysis.Pixels.Preview.Height));
            Assert.Equal(PixelSources.EmbeddedPreview, analysis.PixelsFrom);
        }
    }

    [Fact]
    public void TheCorpusDngIsAnalyzedFromItsLargestPreviewNotTheOneLibvipsReads()
    {
        var file = Path.Combine(RepoPaths.RequireCorpus("exif"), "exif-py", "raw", "nikon_z_9_high_efficiency_compressed_dx_cropped_max_overexposed.dng");
        var bytes = File.ReadAllBytes(file);

        var analysis = Analyzer.Analyze(bytes, Ct);
        var previews = RawFile.Read(bytes)!.Previews;

        Assert.Null(analysis.Error);
        Assert.Equal("dng", analysis.Format);
        Assert.Equal((5392, 3592), (analysis.Width, analysis.Height));
        Assert.Equal(("NIKON CORPORATION", "NIKON Z 9"), (analysis.Exif.Make, analysis.Exif.Model));
        Assert.Equal(PixelSources.EmbeddedPreview, analysis.PixelsFrom);
        // IFD0's 256x171 JPEG is all libvips shows of a DNG; the Nikon maker note's 640x424 is the largest.
        Assert.Contains(previews, p => (p.Width, p.Height, p.Source) == (256, 171, "IFD0 JPEG strips"));
        Assert.Equal((640, 424), (analysis.Pixels!.Preview.Width, analysis.Pixels.Preview.Height));
    }

    [Fact]
    public void TheTruncatedCorpusArwHasNoPreviewAndKeepsItsExif()
    {
        var file = Path.Combine(RepoPaths.RequireCorpus("exif"), "exif-py", "raw", "sony_alpha_a7iii_raw_image.ARW");

        var analysis = Analyzer.Analyze(File.ReadAllBytes(file), Ct);

        Assert.Equal("arw", analysis.Format);
        Assert.Equal(RawFile.NoPreviewError, analysis.Error);
        Assert.Equal(("SONY", "ILCE-7M3"), (analysis.Exif.Make, analysis.Exif.Model));
        Assert.Equal("2024-09-14T13:54:44", analysis.Exif.DateTimeOriginal?.ToString());
        Assert.Null(analysis.Width);
    }

    [Fact]
    public void AnOrdinaryTiffFromACameraMakerIsNotARaw()
    {
        var tiff = images.Scene("export.tif", 300, 200);
        File.WriteAllBytes(images.PathOf("nikon.tif"), tiff);
        TestImages.Tag(images.PathOf("nikon.tif"), ("Make", "NIKON CORPORATION"), ("Model", "NIKON D850"));

        var analysis = Analyzer.Analyze(File.ReadAllBytes(images.PathOf("nikon.tif")), Ct);

        Assert.Equal("tiff", analysis.Format);
        Assert.Equal(PixelSources.Decoded, analysis.PixelsFrom);
        Assert.True(ImageHashes.Distance(analysis.Pixels!.Hashes.Difference, Analyzer.Analyze(tiff, Ct).Pixels!.Hashes.Difference) == 0);
    }
}
