using Lumina.Core.Metadata;

namespace Lumina.Core.Tests;

public sealed class ExifTimestampTests
{
    [Fact]
    public void ParsesTheExifFormatWithSubSecondsAndOffset()
    {
        var parsed = ExifTimestamp.Parse("2015:04:10 20:12:23", "016", "+02:00");

        Assert.NotNull(parsed);
        Assert.Equal(new DateTime(2015, 4, 10, 20, 12, 23, 16), parsed.Value.Local);
        Assert.Equal("+02:00", parsed.Value.Offset);
        Assert.Equal("2015-04-10T20:12:23.016", parsed.Value.ToString());
    }

    [Fact]
    public void WithoutSubSecondsPrintsWholeSeconds()
    {
        Assert.Equal("2008-10-22T16:28:39", ExifTimestamp.Parse("2008:10:22 16:28:39")!.Value.ToString());
    }

    [Theory]
    [InlineData("5", 500)]
    [InlineData("55", 550)]
    [InlineData("5501", 550)]
    public void SubSecondDigitsAreAFractionOfASecond(string digits, int milliseconds)
    {
        Assert.Equal(milliseconds, ExifTimestamp.Parse("2020:01:01 00:00:00", digits)!.Value.Local.Millisecond);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0000:00:00 00:00:00")]
    [InlineData("    :  :     :  :  ")]
    [InlineData("2020:13:01 00:00:00")]
    [InlineData("2020:02:30 10:00:00")]
    [InlineData("garbage")]
    public void RejectsAbsentBlankZeroAndImpossibleValues(string? value)
    {
        Assert.Null(ExifTimestamp.Parse(value));
    }

    [Fact]
    public void AcceptsDashesAndIgnoresTrailingNulsAndBadOffsets()
    {
        var parsed = ExifTimestamp.Parse("2019-07-01 08:09:10\0", null, "2:00");

        Assert.Equal(new DateTime(2019, 7, 1, 8, 9, 10), parsed!.Value.Local);
        Assert.Null(parsed.Value.Offset);
    }

    [Fact]
    public void SelectedDatePrefersOriginalThenDigitizedThenDateTimeThenFileTime()
    {
        var original = ExifTimestamp.Parse("2001:01:01 01:01:01");
        var digitized = ExifTimestamp.Parse("2002:02:02 02:02:02");
        var dateTime = ExifTimestamp.Parse("2003:03:03 03:03:03");
        var fileTime = new DateTimeOffset(2004, 4, 4, 4, 4, 4, TimeSpan.Zero);

        Assert.Equal(DateSource.DateTimeOriginal, CaptureDate.Select(new ExifData { DateTimeOriginal = original, DateTimeDigitized = digitized, DateTime = dateTime }, fileTime).Source);
        Assert.Equal(DateSource.DateTimeDigitized, CaptureDate.Select(new ExifData { DateTimeDigitized = digitized, DateTime = dateTime }, fileTime).Source);
        Assert.Equal(DateSource.DateTime, CaptureDate.Select(new ExifData { DateTime = dateTime }, fileTime).Source);
        var fallback = CaptureDate.Select(ExifData.Empty, fileTime);
        Assert.Equal(DateSource.FileTime, fallback.Source);
        Assert.Equal(fileTime.ToLocalTime().DateTime, fallback.Timestamp.Local);
        Assert.NotNull(fallback.Timestamp.Offset);
    }
}
