using Lumina.Imaging.Analysis;
using Lumina.Testing.Tiff;
using static Lumina.Testing.Tiff.TiffValue;

namespace Lumina.Imaging.Tests;

/// <summary>
/// GPS positions however the writer stored the GPS IFD: the class of the Nikon D5000 file (entries out of
/// sequence, undefined seconds) and its relatives. Each case is a JPEG carrying a generated EXIF block.
/// </summary>
public sealed class GpsStorageTests(GeneratedImages images) : IClassFixture<GeneratedImages>
{
    private const ushort LatitudeRef = 1, Latitude = 2, LongitudeRef = 3, Longitude = 4, AltitudeRef = 5, Altitude = 6;
    private static readonly ImageAnalyzer Analyzer = new(new AnalysisSettings());

    [Fact]
    public void EntriesOutOfSequenceWithUndefinedSecondsAreRead()
    {
        // The D5000's GPS IFD: longitude first, each coordinate as degrees, decimal minutes and 0/0 seconds.
        var gps = new TiffIfd()
            .Add(Longitude, Rational((21, 1), (259507, 100000), (0, 0)))
            .Add(LongitudeRef, Ascii("E"))
            .Add(Latitude, Rational((48, 1), (5332358, 100000), (0, 0)))
            .Add(LatitudeRef, Ascii("N"))
            .Add(Altitude, Rational((324145, 1000)))
            .Add(AltitudeRef, Byte(0));

        var (latitude, longitude, altitude) = Position(InIfd0(gps));

        Assert.Equal(48.8887263, latitude!.Value, 6);
        Assert.Equal(21.0432512, longitude!.Value, 6);
        Assert.Equal(324.145, altitude!.Value, 3);
    }

    [Theory]
    [InlineData("degrees, minutes, seconds")]
    [InlineData("degrees and decimal minutes")]
    [InlineData("decimal degrees")]
    [InlineData("decimal degrees as doubles")]
    public void EveryComponentLayoutGivesTheSamePlace(string layout)
    {
        // 12°34'12" S, 45°30'36" W = -12.57, -45.51
        var (lat, lon) = layout switch
        {
            "degrees, minutes, seconds" => (Rational((12, 1), (34, 1), (12, 1)), Rational((45, 1), (30, 1), (36, 1))),
            "degrees and decimal minutes" => (Rational((12, 1), (342, 10)), Rational((45, 1), (306, 10))),
            "decimal degrees" => (Rational((1257, 100)), Rational((4551, 100))),
            _ => (Double(12.57), Double(45.51)),
        };
        var gps = new TiffIfd().Add(LatitudeRef, Ascii("S")).Add(Latitude, lat).Add(LongitudeRef, Ascii("W")).Add(Longitude, lon);

        var (latitude, longitude, _) = Position(InIfd0(gps));

        Assert.Equal(-12.57, latitude!.Value, 9);
        Assert.Equal(-45.51, longitude!.Value, 9);
    }

    [Fact]
    public void AGpsPointerInTheExifSubIfdIsFollowed()
    {
        var exif = new TiffIfd()
            .Add(0x9003, Ascii("2020:01:02 03:04:05"))
            .Add(0x8825, Pointer(Paris()));
        var ifd0 = new TiffIfd().Add(0x010F, Ascii("Maker")).Add(0x8769, Pointer(exif));

        var (latitude, longitude, _) = Position(TiffBuilder.Build(ifd0));

        Assert.Equal(48.8584, latitude!.Value, 4);
        Assert.Equal(2.2945, longitude!.Value, 4);
    }

    [Fact]
    public void AnEmptyFirstGpsDirectoryDoesNotHideALaterOne()
    {
        var empty = InIfd0(new TiffIfd().Add(0, Byte(2, 2, 0, 0)));

        var (latitude, longitude, _) = Position(empty, InIfd0(Paris()));

        Assert.Equal(48.8584, latitude!.Value, 4);
        Assert.Equal(2.2945, longitude!.Value, 4);
    }

    [Theory]
    [InlineData("every component undefined")]
    [InlineData("degrees undefined")]
    [InlineData("minutes divided by zero")]
    [InlineData("no hemisphere references")]
    [InlineData("zero, zero")]
    [InlineData("latitude out of range")]
    public void WhatIsNoPlaceGivesNoPosition(string problem)
    {
        var gps = problem switch
        {
            "every component undefined" => Coordinates("N", Rational((0, 0), (0, 0), (0, 0)), "E", Rational((0, 0), (0, 0), (0, 0))),
            "degrees undefined" => Coordinates("N", Rational((0, 0), (30, 1), (0, 1)), "E", Rational((0, 0), (20, 1), (0, 1))),
            "minutes divided by zero" => Coordinates("N", Rational((48, 1), (53, 0), (0, 1)), "E", Rational((2, 1), (17, 1), (0, 1))),
            "no hemisphere references" => new TiffIfd().Add(Latitude, Rational((48, 1), (51, 1), (30, 1))).Add(Longitude, Rational((2, 1), (17, 1), (40, 1))),
            "zero, zero" => Coordinates("N", Rational((0, 1), (0, 1), (0, 1)), "E", Rational((0, 1), (0, 1), (0, 1))),
            _ => Coordinates("N", Rational((91, 1), (0, 1), (0, 1)), "E", Rational((2, 1), (0, 1), (0, 1))),
        };

        var (latitude, longitude, altitude) = Position(InIfd0(gps.Add(Altitude, Rational((35, 1)))));

        Assert.Null(latitude);
        Assert.Null(longitude);
        Assert.Null(altitude);
    }

    private static TiffIfd Paris() => Coordinates("N", Rational((48, 1), (51, 1), (3024, 100)), "E", Rational((2, 1), (17, 1), (4020, 100)));

    private static TiffIfd Coordinates(string latitudeRef, TiffValue latitude, string longitudeRef, TiffValue longitude) =>
        new TiffIfd().Add(LatitudeRef, Ascii(latitudeRef)).Add(Latitude, latitude).Add(LongitudeRef, Ascii(longitudeRef)).Add(Longitude, longitude);

    private static byte[] InIfd0(TiffIfd gps) => TiffBuilder.Build(new TiffIfd().Add(0x010F, Ascii("Maker")).Add(0x8825, Pointer(gps)));

    private (double? Latitude, double? Longitude, double? Altitude) Position(params byte[][] exifBlocks)
    {
        var jpeg = JpegExif.With(images.Scene("plain.jpg", 64, 48), exifBlocks);
        var analysis = Analyzer.Analyze(jpeg, TestContext.Current.CancellationToken);
        Assert.Null(analysis.Error);
        return (analysis.Exif.Latitude, analysis.Exif.Longitude, analysis.Exif.Altitude);
    }
}
