using MetadataExtractor;
using MetadataExtractor.Formats.Exif;

namespace Lumina.Imaging.Exif;

/// <summary>
/// A position read from EXIF GPS directories, however the writer stored it. MetadataExtractor's
/// <c>GetGeoLocation</c> wants exactly three rationals per coordinate; writers also store degrees and
/// decimal minutes (two values), decimal degrees (one), undefined components (0/0, as the Nikon D5000's
/// seconds), floating-point values, or a first GPS directory left empty while a later one holds the fix.
/// </summary>
internal static class GpsPosition
{
    /// <summary>The first directory's position that is a real place: finite, in range, and not 0/0.</summary>
    public static (double Latitude, double Longitude, double? Altitude)? Read(IEnumerable<GpsDirectory> directories)
    {
        foreach (var gps in directories)
        {
            if (Coordinate(gps, GpsDirectory.TagLatitude, GpsDirectory.TagLatitudeRef, 'S') is { } latitude
                && Coordinate(gps, GpsDirectory.TagLongitude, GpsDirectory.TagLongitudeRef, 'W') is { } longitude
                && Math.Abs(latitude) <= 90 && Math.Abs(longitude) <= 180 && !(latitude == 0 && longitude == 0))
            {
                return (latitude, longitude, Altitude(gps));
            }
        }

        return null;
    }

    /// <summary>
    /// Degrees from one, two or three components. An undefined component (0/0) after the degrees counts
    /// as zero; undefined degrees, or a component divided by zero, make no coordinate. The hemisphere
    /// reference is required, as exiftool requires it.
    /// </summary>
    private static double? Coordinate(GpsDirectory gps, int tag, int referenceTag, char negative)
    {
        if (gps.GetString(referenceTag) is not { } reference || Components(gps, tag) is not { Length: >= 1 and <= 3 } parts)
        {
            return null;
        }

        var magnitude = 0.0;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if ((part is null && i == 0) || (part is { } value && !double.IsFinite(value)))
            {
                return null;
            }

            magnitude += Math.Abs(part ?? 0) / Math.Pow(60, i);
        }

        var southOrWest = reference.Trim().StartsWith(negative.ToString(), StringComparison.OrdinalIgnoreCase);
        var negativeDegrees = parts[0] < 0;
        return southOrWest ^ negativeDegrees ? -magnitude : magnitude;
    }

    /// <summary>The components as numbers; null for an undefined (0/0) one.</summary>
    private static double?[]? Components(GpsDirectory gps, int tag) => gps.GetObject(tag) switch
    {
        Rational[] rationals => [.. rationals.Select(Value)],
        Rational rational => [Value(rational)],
        double[] doubles => [.. doubles.Select(d => (double?)d)],
        double value => [value],
        float[] floats => [.. floats.Select(f => (double?)f)],
        float value => [value],
        _ => null,
    };

    private static double? Value(Rational rational) => rational.Denominator != 0 ? rational.ToDouble()
        : rational.Numerator == 0 ? null
        : double.PositiveInfinity;

    private static double? Altitude(GpsDirectory gps)
    {
        if (!gps.TryGetRational(GpsDirectory.TagAltitude, out var rational) || rational.Denominator == 0)
        {
            return null;
        }

        var below = gps.TryGetInt32(GpsDirectory.TagAltitudeRef, out var reference) && reference == 1;
        return below ? -rational.ToDouble() : rational.ToDouble();
    }
}
