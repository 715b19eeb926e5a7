namespace Lumina.Core.Hashing;

/// <summary>
/// aHash, dHash, pHash and wHash as the imagehash library defines them, over a luminance plane of the
/// upright image. Each hash squeezes the whole image to a small square, ignoring its aspect ratio.
/// </summary>
public static class PerceptualHasher
{
    private const int Side = 8;
    private const int DctSide = 32;
    private const int WaveletSide = 64;
    private static readonly float[] DctBasis = BuildDctBasis();

    public static ImageHashes Compute(GreyPlane plane) =>
        new(Average(plane), Difference(plane), Perceptual(plane), Wavelet(plane));

    /// <summary>Each cell of the 8x8 image brighter than the mean.</summary>
    public static ulong Average(GreyPlane plane)
    {
        var cells = plane.ResampleArea(Side, Side);
        var mean = cells.Average();
        return Bits(cells, v => v > mean);
    }

    /// <summary>Each cell of the 9x8 image darker than its right neighbour.</summary>
    public static ulong Difference(GreyPlane plane)
    {
        var cells = plane.ResampleArea(Side + 1, Side);
        ulong hash = 0;
        for (var y = 0; y < Side; y++)
        {
            for (var x = 0; x < Side; x++)
            {
                hash = (hash << 1) | (cells[y * (Side + 1) + x + 1] > cells[y * (Side + 1) + x] ? 1UL : 0UL);
            }
        }

        return hash;
    }

    /// <summary>The 8x8 lowest frequencies of the 32x32 image's DCT, above their median.</summary>
    public static ulong Perceptual(GreyPlane plane)
    {
        var pixels = plane.ResampleArea(DctSide, DctSide);

        // Separable 2-D DCT-II, only the 8x8 low frequencies are needed: columns first, then rows.
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

    /// <summary>
    /// The Haar wavelet hash: the level-3 Haar approximation of the 64x64 image with its DC term removed,
    /// above its median. A Haar approximation is a scaled mean of 8x8 blocks, and removing the DC shifts
    /// every coefficient equally, so the hash is computed from block means directly.
    /// </summary>
    public static ulong Wavelet(GreyPlane plane)
    {
        var pixels = plane.ResampleArea(WaveletSide, WaveletSide);
        var block = WaveletSide / Side;
        var approximation = new float[Side * Side];
        for (var y = 0; y < WaveletSide; y++)
        {
            for (var x = 0; x < WaveletSide; x++)
            {
                approximation[y / block * Side + x / block] += pixels[y * WaveletSide + x];
            }
        }

        var mean = approximation.Average();
        for (var i = 0; i < approximation.Length; i++)
        {
            approximation[i] -= mean;
        }

        var median = Median(approximation);
        return Bits(approximation, c => c > median);
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
