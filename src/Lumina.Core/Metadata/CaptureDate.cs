namespace Lumina.Core.Metadata;

/// <summary>Where an image's selected date came from, in order of preference.</summary>
public enum DateSource
{
    DateTimeOriginal,
    DateTimeDigitized,
    DateTime,
    FileTime,
}

/// <summary>The date Lumina sorts and groups an image by, and its source.</summary>
public readonly record struct CaptureDate(ExifTimestamp Timestamp, DateSource Source)
{
    /// <summary>DateTimeOriginal, then DateTimeDigitized, then DateTime, then the file's modification time.</summary>
    public static CaptureDate Select(ExifData exif, DateTimeOffset fileTime) =>
        exif.DateTimeOriginal is { } original ? new(original, DateSource.DateTimeOriginal)
        : exif.DateTimeDigitized is { } digitized ? new(digitized, DateSource.DateTimeDigitized)
        : exif.DateTime is { } dateTime ? new(dateTime, DateSource.DateTime)
        : new(FromFileTime(fileTime), DateSource.FileTime);

    private static ExifTimestamp FromFileTime(DateTimeOffset fileTime)
    {
        var local = fileTime.ToLocalTime();
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        return new ExifTimestamp(
            DateTime.SpecifyKind(local.DateTime, DateTimeKind.Unspecified),
            $"{sign}{offset.Duration():hh\\:mm}",
            HasSubSeconds: local.Millisecond != 0);
    }
}
