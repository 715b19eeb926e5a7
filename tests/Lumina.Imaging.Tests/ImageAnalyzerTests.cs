using Lumina.Core.Hashing;
using Lumina.Imaging.Analysis;
using Lumina.Imaging.Vips;
using Lumina.Testing;

namespace Lumina.Imaging.Tests;

public sealed class ImageAnalyzerTests(GeneratedImages images) : IClassFixture<GeneratedImages>
{
    private static readonly ImageAnalyzer Analyzer = new(new AnalysisSettings());
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("scene.jpg", "jpeg")]
    [InlineData("scene.png", "png")]
    [InlineData("scene.webp", "webp")]
    [InlineData("scene.tif", "tiff")]
    [InlineData("scene.gif", "gif")]
    [InlineData("scene.heic", "heic")]
    [InlineData("scene.avif", "avif")]
    [InlineData("scene.jxl", "jxl")]
    public void AnalyzesEverySupportedFormatFromOneDecode(string name, string format)
    {
        Loaders.Require(format);
        var analysis = Analyzer.Analyze(images.Scene(name, 600, 400), Ct);

        Assert.Null(analysis.Error);
        Assert.Equal(format, analysis.Format);
        Assert.Equal((600, 400), (analysis.Width, analysis.Height));
        var pixels = Assert.IsType<DecodedImage>(analysis.Pixels);
        Assert.Equal((600, 400), (pixels.Preview.Width, pixels.Preview.Height));
        Assert.Equal((384, 256), (pixels.Thumbnail.Width, pixels.Thumbnail.Height));
        Assert.Equal("JPEG", Probe(pixels.Preview.Bytes));
        Assert.Equal("WEBP", Probe(pixels.Thumbnail.Bytes));
        Assert.InRange(pixels.Quality.Score, 1, 100);

        var reference = Analyzer.Analyze(images.Scene("reference.png", 600, 400), Ct).Pixels!.Hashes;
        Assert.True(ImageHashes.Distance(reference.Difference, pixels.Hashes.Difference) <= 6, $"{name} dHash far from the PNG's");
    }

    [Fact]
    public void LargeImagesGetA1440PreviewAndA256ThumbnailOnTheShorterSide()
    {
        var landscape = Analyzer.Analyze(images.Scene("large.jpg[Q=90]", 3000, 2000), Ct).Pixels!;
        var portrait = Analyzer.Analyze(images.Scene("tall.jpg[Q=90]", 2000, 3000), Ct).Pixels!;

        Assert.Equal((2160, 1440), (landscape.Preview.Width, landscape.Preview.Height));
        Assert.Equal((384, 256), (landscape.Thumbnail.Width, landscape.Thumbnail.Height));
        Assert.Equal((1440, 2160), (portrait.Preview.Width, portrait.Preview.Height));
        Assert.Equal((256, 384), (portrait.Thumbnail.Width, portrait.Thumbnail.Height));
    }

    [Fact]
    public void SmallImagesAreNeverEnlarged()
    {
        var pixels = Analyzer.Analyze(images.Scene("tiny.png", 120, 90), Ct).Pixels!;

        Assert.Equal((120, 90), (pixels.Preview.Width, pixels.Preview.Height));
        Assert.Equal((120, 90), (pixels.Thumbnail.Width, pixels.Thumbnail.Height));
    }

    [Fact]
    public void TheOrientationTagIsAppliedToPreviewsAndHashesButNotToTheStoredSize()
    {
        var rgb = TestImages.Scene(900, 600, seed: 9);
        TestImages.Save(rgb, 900, 600, images.PathOf("tagged.jpg[Q=95]"));
        TestImages.Tag(images.PathOf("tagged.jpg"), ("Orientation", "6"));
        TestImages.Save(RotateClockwise(rgb, 900, 600), 600, 900, images.PathOf("rotated.jpg[Q=95]"));

        var tagged = Analyzer.Analyze(File.ReadAllBytes(images.PathOf("tagged.jpg")), Ct);
        var rotated = Analyzer.Analyze(File.ReadAllBytes(images.PathOf("rotated.jpg")), Ct);

        Assert.Equal((900, 600, 6), (tagged.Width, tagged.Height, tagged.Exif.Orientation));
        Assert.Equal((600, 900), (tagged.Pixels!.Preview.Width, tagged.Pixels.Preview.Height));
        Assert.True(ImageHashes.Distance(tagged.Pixels.Hashes.Difference, rotated.Pixels!.Hashes.Difference) <= 2);
        Assert.True(ImageHashes.Distance(tagged.Pixels.Hashes.Perceptual, rotated.Pixels.Hashes.Perceptual) <= 2);
    }

    [Fact]
    public void PreviewsAndThumbnailsCarryNoMetadata()
    {
        images.Scene("gps.jpg", 640, 480);
        TestImages.Tag(images.PathOf("gps.jpg"), ("GPSLatitude", "48.85"), ("GPSLatitudeRef", "N"), ("Make", "Secret"));

        var pixels = Analyzer.Analyze(File.ReadAllBytes(images.PathOf("gps.jpg")), Ct).Pixels!;

        Assert.Null(Analyzer.Analyze(pixels.Preview.Bytes, Ct).Exif.Make);
        Assert.Null(Analyzer.Analyze(pixels.Preview.Bytes, Ct).Exif.Latitude);
        Assert.Null(Analyzer.Analyze(pixels.Thumbnail.Bytes, Ct).Exif.Make);
        Assert.Null(Analyzer.Analyze(pixels.Thumbnail.Bytes, Ct).Exif.Latitude);
    }

    [Fact]
    public void ReadsExifFieldsWrittenByExiftool()
    {
        images.Scene("tags.jpg", 320, 240);
        TestImages.Tag(images.PathOf("tags.jpg"),
            ("DateTimeOriginal", "2021:05:01 10:11:12"), ("SubSecTimeOriginal", "345"), ("OffsetTimeOriginal", "-03:00"),
            ("Make", "Lumina"), ("Model", "Test Camera"), ("LensModel", "50mm F1.8"), ("ISO", "400"), ("FNumber", "2.8"),
            ("ExposureTime", "0.004"), ("FocalLength", "50"), ("Orientation", "1"),
            ("GPSLatitude", "33.8688"), ("GPSLatitudeRef", "S"), ("GPSLongitude", "151.2093"), ("GPSLongitudeRef", "W"),
            ("GPSAltitude", "12.5"), ("GPSAltitudeRef", "1"));

        var exif = Analyzer.Analyze(File.ReadAllBytes(images.PathOf("tags.jpg")), Ct).Exif;

        Assert.Equal("2021-05-01T10:11:12.345", exif.DateTimeOriginal.ToString());
        Assert.Equal("-03:00", exif.DateTimeOriginal!.Value.Offset);
        Assert.Equal(("Lumina", "Test Camera", "50mm F1.8"), (exif.Make, exif.Model, exif.Lens));
        Assert.Equal(400, exif.Iso);
        Assert.Equal(2.8, exif.FNumber!.Value, 6);
        Assert.Equal(0.004, exif.ExposureTime!.Value, 6);
        Assert.Equal(50, exif.FocalLength!.Value, 6);
        Assert.Equal(-33.8688, exif.Latitude!.Value, 4);
        Assert.Equal(-151.2093, exif.Longitude!.Value, 4);
        Assert.Equal(-12.5, exif.Altitude!.Value, 4);
    }

    [Fact]
    public void AZeroDateIsRejectedAndTheNextDateSourceIsUsed()
    {
        images.Scene("zero-date.jpg", 320, 240);
        TestImages.Tag(images.PathOf("zero-date.jpg"), ("DateTimeOriginal", "0000:00:00 00:00:00"), ("CreateDate", "2019:03:04 05:06:07"));

        var exif = Analyzer.Analyze(File.ReadAllBytes(images.PathOf("zero-date.jpg")), Ct).Exif;

        Assert.Null(exif.DateTimeOriginal);
        Assert.Equal("2019-03-04T05:06:07", exif.DateTimeDigitized.ToString());
    }

    [Fact]
    public void FormatComesFromContentNotTheName()
    {
        var png = images.Scene("really-png.png", 200, 100);

        var analysis = Analyzer.Analyze(png, Ct);

        Assert.Equal("png", analysis.Format);
        Assert.Null(analysis.Error);
    }

    [Fact]
    public void AnEmptyFileIsAnError()
    {
        var analysis = Analyzer.Analyze([], Ct);

        Assert.Equal("empty file (0 bytes)", analysis.Error);
        Assert.Null(analysis.Pixels);
    }

    [Fact]
    public void ATruncatedJpegIsAnErrorThatKeepsItsExif()
    {
        images.Scene("whole.jpg[Q=95]", 1200, 800);
        TestImages.Tag(images.PathOf("whole.jpg"), ("Make", "Truncated"));
        var bytes = File.ReadAllBytes(images.PathOf("whole.jpg"));

        var analysis = Analyzer.Analyze(bytes[..(bytes.Length * 6 / 10)], Ct);

        Assert.Null(analysis.Pixels);
        Assert.StartsWith("could not decode the jpeg image", analysis.Error);
        Assert.Equal("Truncated", analysis.Exif.Make);
        Assert.Equal((1200, 800), (analysis.Width, analysis.Height));
    }

    [Fact]
    public void BytesOfNoImageFormatAreAnError()
    {
        var analysis = Analyzer.Analyze("just some text, not a photo"u8.ToArray(), Ct);

        Assert.StartsWith("not an image", analysis.Error);
        Assert.Null(analysis.Format);
    }

    [Fact]
    public void ADecompressionBombIsRefusedBeforeDecoding()
    {
        var bytes = images.Scene("bomb.jpg", 64, 48);
        // Rewrite the frame header (SOF0) to claim 60000 x 60000 pixels.
        var sof = Enumerable.Range(0, bytes.Length - 1).First(i => bytes[i] == 0xFF && bytes[i + 1] == 0xC0);
        bytes[sof + 5] = 60000 >> 8;
        bytes[sof + 6] = 60000 & 0xFF;
        bytes[sof + 7] = 60000 >> 8;
        bytes[sof + 8] = 60000 & 0xFF;

        var analysis = Analyzer.Analyze(bytes, Ct);

        Assert.Equal((60000, 60000), (analysis.Width, analysis.Height));
        Assert.Null(analysis.Pixels);
        Assert.Contains("3600 megapixels", analysis.Error);
        Assert.Contains("LUMINA_MAX_PIXELS", analysis.Error);
    }

    [Fact]
    public void ThePixelLimitIsConfigurable()
    {
        var strict = new ImageAnalyzer(new AnalysisSettings { MaxPixels = 10_000 });

        var analysis = strict.Analyze(images.Scene("limit.png", 200, 100), Ct);

        Assert.StartsWith("refused to decode 200x100", analysis.Error);
    }

    [Fact]
    public void AStoppedDecodeIsReportedAsOverTheTimeLimit()
    {
        using var stopped = new CancellationTokenSource();
        stopped.Cancel();

        var analysis = Analyzer.Analyze(images.Scene("slow.jpg", 2000, 1500), stopped.Token);

        Assert.Null(analysis.Pixels);
        Assert.Equal("decoding was stopped: over the per-image time limit", analysis.Error);
    }

    [Fact]
    public void InvalidSettingsNameTheProperty()
    {
        var error = Assert.Throws<ArgumentException>(() => new ImageAnalyzer(new AnalysisSettings { PreviewQuality = 0 }));

        Assert.Contains("PreviewQuality", error.Message);
    }

    private static string Probe(byte[] encoded)
    {
        var loader = VipsImage.FindLoader(encoded) ?? "none";
        return loader.Contains("Jpeg", StringComparison.Ordinal) ? "JPEG" : loader.Contains("Webp", StringComparison.Ordinal) ? "WEBP" : loader;
    }

    private static byte[] RotateClockwise(byte[] rgb, int width, int height)
    {
        var rotated = new byte[rgb.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                // (x, y) lands at column height-1-y, row x of the height x width result.
                var target = (x * height + (height - 1 - y)) * 3;
                Array.Copy(rgb, (y * width + x) * 3, rotated, target, 3);
            }
        }

        return rotated;
    }
}
