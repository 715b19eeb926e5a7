namespace Lumina.Core.Hashing;

/// <summary>
/// aHash, dHash, pHash and wHash as the imagehash library defines them, over a luminance plane of the
/// upright image. Each hash squeezes the whole image to a small square, ignoring its aspect ratio.
/// </summary>
public static class PerceptualHasher
{
    private const int Side = 8;
    private const int DctSide = 32;
    private const int GridSide = 64;

    /// <summary>Share of each side kept by the centre crop behind <see cref="DifferenceVariants.Cropped"/>.</summary>
    public const double CropFraction = 0.8;

    private static readonly float[] DctBasis = BuildDctBasis();

    public static ImageHashes Compute(GreyPlane plane)
    {
        // Area averaging composes over whole-number ratios, so the 8x8 and 32x32 images are exact block
        // means of one 64x64 resample of the plane.
        var grid = plane.ResampleArea(GridSide, GridSide);
        var cells = BlockMeans(grid, GridSide, Side);
        var mean = cells.Average();
        var median = Median(cells);
        return new ImageHashes(
            Bits(cells, v => v > mean),
            Difference(plane.ResampleArea(Side + 1, Side)),
            Perceptual(BlockMeans(grid, GridSide, DctSide)),
            Bits(cells, v => v > median));
    }

    /// <summary>
    /// dHashes of the image mirrored, of its centre crop, and of the crop mirrored: matched against other
    /// images' dHash, they find flipped and cropped copies.
    /// </summary>
    public static DifferenceVariants Variants(GreyPlane plane)
    {
        var whole = plane.ResampleArea(Side + 1, Side);
        var cropped = plane.CropCentre(CropFraction).ResampleArea(Side + 1, Side);
        return new DifferenceVariants(Difference(Mirror(whole)), Difference(cropped), Difference(Mirror(cropped)));
    }

    /// <summary>
    /// Each cell of the 9x8 image darker than its right neighbour. Equal cells (flat areas) must give
    /// the same bit whatever the summation order, so a rise has to exceed rounding noise.
    /// </summary>
    private static ulong Difference(float[] cells)
    {
        const float rise = 1f / 64;
        ulong hash = 0;
        for (var y = 0; y < Side; y++)
        {
            for (var x = 0; x < Side; x++)
            {
                hash = (hash << 1) | (cells[y * (Side + 1) + x + 1] > cells[y * (Side + 1) + x] + rise ? 1UL : 0UL);
            }
        }

        return hash;
    }

    /// <summary>The 8x8 lowest frequencies of the 32x32 image's DCT-II, above their median.</summary>
    private static ulong Perceptual(float[] pixels)
    {
        // Separable 2-D DCT, only the low frequencies are needed: columns first, then rows.
        var partial = new float[Side * DctSide];
        for (var v = 0; v < Side; v++)
        {
            for (var x = 0; x < DctSide; x++)
            {
                var sum = 0f;
                for (var y = 0; y < DctSide; y++)
                {
                    sum += DctBasis[v * DctSide + y] * pixels[y * DctSide + x];
                }

                partial[v * DctSide + x] = sum;
            }
        }

        var low = new float[Side * Side];
        for (var v = 0; v < Side; v++)
        {
            for (var u = 0; u < Side; u++)
            {
                var sum = 0f;
                for (var x = 0; x < DctSide; x++)
                {
                    sum += DctBasis[u * DctSide + x] * partial[v * DctSide + x];
                }

                low[v * Side + u] = sum;
            }
        }

        var median = Median(low);
        return Bits(low, c => c > median);
    }

    private static float[] BlockMeans(float[] grid, int side, int target)
    {
        var block = side / target;
        var means = new float[target * target];
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                means[y / block * target + x / block] += grid[y * side + x];
            }
        }

        for (var i = 0; i < means.Length; i++)
        {
            means[i] /= block * block;
        }

        return means;
    }

    private static float[] Mirror(float[] cells)
    {
        var mirrored = new float[cells.Length];
        for (var y = 0; y < Side; y++)
        {
            for (var x = 0; x <= Side; x++)
            {
                mirrored[y * (Side + 1) + x] = cells[y * (Side + 1) + Side - x];
            }
        }

        return mirrored;
    }

    private static ulong Bits(float[] cells, Func<float, bool> set)
    {
        ulong hash = 0;
        foreach (var cell in cells)
        {
            hash = (hash << 1) | (set(cell) ? 1UL : 0UL);
        }

        return hash;
    }

    private static float Median(float[] values)
    {
        var sorted = (float[])values.Clone();
        Array.Sort(sorted);
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static float[] BuildDctBasis()
    {
        // Orthonormal DCT-II basis: row k holds c(k) * cos(pi * (2n + 1) * k / 2N) for n = 0..N-1.
        var basis = new float[DctSide * DctSide];
        for (var k = 0; k < DctSide; k++)
        {
            var scale = k == 0 ? Math.Sqrt(1.0 / DctSide) : Math.Sqrt(2.0 / DctSide);
            for (var n = 0; n < DctSide; n++)
            {
                basis[k * DctSide + n] = (float)(scale * Math.Cos(Math.PI * (2 * n + 1) * k / (2.0 * DctSide)));
            }
        }

        return basis;
    }
}
