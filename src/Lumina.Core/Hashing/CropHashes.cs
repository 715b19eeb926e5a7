namespace Lumina.Core.Hashing;

/// <summary>
/// dHashes of the upright image with a strip cut from each edge and from each corner (both edges that
/// meet there). A copy cropped there hashes close to one of them, where the centre crop of
/// <see cref="DifferenceVariants"/> is off by the whole shift of the picture.
/// </summary>
public static class CropHashes
{
    /// <summary>
    /// Shares of a side kept where it is cut. On copies of corpus photos cropped by 2 to 8 % from an edge or a
    /// corner, one of these two lies within 5 bits of the copy's dHash for 98 % of them; one share alone
    /// covers 3 points of crop either way.
    /// </summary>
    public static readonly double[] Kept = [0.96, 0.92];

    /// <summary>Left, top, right, bottom edges cut, then the top-left, top-right, bottom-right and bottom-left corners.</summary>
    public static readonly (int X, int Y)[] Cuts = [(-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (1, -1), (1, 1), (-1, 1)];

    /// <summary>How many crop hashes an image has: every cut at every kept share.</summary>
    public static int Count => Kept.Length * Cuts.Length;

    /// <summary>The dHash of every cut at every kept share, share by share in the order of <see cref="Cuts"/>.</summary>
    public static ulong[] Compute(GreyPlane plane)
    {
        ArgumentNullException.ThrowIfNull(plane);
        return [.. Kept.SelectMany(kept => Cuts.Select(cut => PerceptualHasher.DifferenceHash(Cut(plane, cut, kept))))];
    }

    /// <summary>The plane with the strip on side -1 (left, top) or +1 (right, bottom) of each axis removed; 0 keeps the axis whole.</summary>
    private static GreyPlane Cut(GreyPlane plane, (int X, int Y) cut, double kept)
    {
        var width = cut.X == 0 ? plane.Width : Math.Max(1, (int)Math.Round(plane.Width * kept));
        var height = cut.Y == 0 ? plane.Height : Math.Max(1, (int)Math.Round(plane.Height * kept));
        var left = cut.X < 0 ? plane.Width - width : 0;
        var top = cut.Y < 0 ? plane.Height - height : 0;
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            plane.Pixels.AsSpan((top + y) * plane.Width + left, width).CopyTo(pixels.AsSpan(y * width, width));
        }

        return new GreyPlane(width, height, pixels);
    }
}
