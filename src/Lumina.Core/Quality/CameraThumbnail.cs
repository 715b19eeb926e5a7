namespace Lumina.Core.Quality;

/// <summary>
/// How far an image's pixels are from the thumbnail its camera stored in the EXIF: the mean absolute
/// difference in grey levels of the two on a coarse grid, the thumbnail turned by the image's orientation
/// and its black letterbox bars trimmed. A camera original measures a few levels; a copy flipped, rotated,
/// brightened or cropped and re-saved with the EXIF kept carries the original's thumbnail and measures more.
/// </summary>
public static class CameraThumbnail
{
    /// <summary>Differences below this are the camera's own thumbnail of these pixels.</summary>
    public const double AgreesBelow = 6;

    private const int Grid = 12;
    private const int BarLevel = 10;

    public static bool Agrees(double difference) => difference < AgreesBelow;

    /// <param name="upright">The image, upright.</param>
    /// <param name="thumbnail">The EXIF thumbnail as stored (in the image's stored orientation).</param>
    /// <param name="orientation">The image's EXIF orientation 1-8.</param>
    public static double Difference(GreyPlane upright, GreyPlane thumbnail, int orientation)
    {
        ArgumentNullException.ThrowIfNull(upright);
        ArgumentNullException.ThrowIfNull(thumbnail);
        var image = upright.ResizeLanczos(Grid, Grid).Pixels;
        var stored = Trimmed(thumbnail).ResizeLanczos(Grid, Grid).Pixels;
        double sum = 0;
        for (var r = 0; r < Grid; r++)
        {
            for (var c = 0; c < Grid; c++)
            {
                var (sr, sc) = Stored(r, c, orientation);
                sum += Math.Abs(image[r * Grid + c] - stored[sr * Grid + sc]);
            }
        }

        return Math.Round(sum / (Grid * Grid), 2);
    }

    /// <summary>Where the upright grid cell (r, c) lies in the stored grid.</summary>
    private static (int Row, int Column) Stored(int r, int c, int orientation)
    {
        const int last = Grid - 1;
        return orientation switch
        {
            2 => (r, last - c),
            3 => (last - r, last - c),
            4 => (last - r, c),
            5 => (c, r),
            6 => (last - c, r),
            7 => (last - c, last - r),
            8 => (c, last - r),
            _ => (r, c),
        };
    }

    /// <summary>The thumbnail without black bars along its edges (cameras letterbox other aspect ratios), at most a quarter per side.</summary>
    private static GreyPlane Trimmed(GreyPlane plane)
    {
        int top = 0, bottom = plane.Height, left = 0, right = plane.Width;
        while (top < plane.Height / 4 && RowMean(plane, top, left, right) < BarLevel)
        {
            top++;
        }

        while (plane.Height - bottom < plane.Height / 4 && RowMean(plane, bottom - 1, left, right) < BarLevel)
        {
            bottom--;
        }

        while (left < plane.Width / 4 && ColumnMean(plane, left, top, bottom) < BarLevel)
        {
            left++;
        }

        while (plane.Width - right < plane.Width / 4 && ColumnMean(plane, right - 1, top, bottom) < BarLevel)
        {
            right--;
        }

        if ((top, bottom, left, right) == (0, plane.Height, 0, plane.Width))
        {
            return plane;
        }

        var pixels = new byte[(right - left) * (bottom - top)];
        for (var y = top; y < bottom; y++)
        {
            plane.Pixels.AsSpan(y * plane.Width + left, right - left).CopyTo(pixels.AsSpan((y - top) * (right - left)));
        }

        return new GreyPlane(right - left, bottom - top, pixels);
    }

    private static double RowMean(GreyPlane plane, int y, int left, int right)
    {
        long sum = 0;
        for (var x = left; x < right; x++)
        {
            sum += plane[x, y];
        }

        return sum / (double)(right - left);
    }

    private static double ColumnMean(GreyPlane plane, int x, int top, int bottom)
    {
        long sum = 0;
        for (var y = top; y < bottom; y++)
        {
            sum += plane[x, y];
        }

        return sum / (double)(bottom - top);
    }
}
