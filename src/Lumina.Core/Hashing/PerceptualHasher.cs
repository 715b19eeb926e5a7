namespace Lumina.Core.Hashing;

/// <summary>
/// aHash, dHash, pHash and wHash with the definitions of the imagehash library (4.3, default
/// arguments), computed from the upright image's luminance as Pillow's "L" conversion gives it
/// (<see cref="Luma.Rec601"/>), each resize a Pillow LANCZOS resize (<see cref="GreyPlane.ResizeLanczos"/>)
/// that squeezes the whole image to a small square, ignoring its aspect ratio. Bit 63 is the top-left
/// cell, rows first, as imagehash's hex string reads.
/// </summary>
public static class PerceptualHasher
{
    private const int Side = 8;
    private const int DctSide = 4 * Side;

    /// <summary>Share of each side kept by the centre crop behind <see cref="DifferenceVariants.Cropped"/>.</summary>
    public const double CropFraction = 0.8;

    private static readonly double[] DctBasis = BuildDctBasis();

    public static ImageHashes Compute(GreyPlane plane) => new(
        Average(plane.ResizeLanczos(Side, Side).Pixels),
        Difference(plane.ResizeLanczos(Side + 1, Side)),
        Perceptual(plane.ResizeLanczos(DctSide, DctSide).Pixels),
        Wavelet(plane));

    /// <summary>The dHash alone, for views of the image that need no other hash.</summary>
    public static ulong DifferenceHash(GreyPlane plane) => Difference(plane.ResizeLanczos(Side + 1, Side));

    /// <summary>
    /// dHashes of the image mirrored, of its centre crop, and of the crop mirrored: matched against other
    /// images' dHash, they find flipped and cropped copies.
    /// </summary>
    public static DifferenceVariants Variants(GreyPlane plane)
    {
        // Mirroring commutes with the resize (the kernel is symmetric), so the small images are mirrored.
        var whole = plane.ResizeLanczos(Side + 1, Side);
        var cropped = plane.CropCentre(CropFraction).ResizeLanczos(Side + 1, Side);
        return new DifferenceVariants(Difference(whole.Mirror()), Difference(cropped), Difference(cropped.Mirror()));
    }

    /// <summary>The 8x8 image's cells brighter than their mean.</summary>
    private static ulong Average(byte[] cells)
    {
        var sum = cells.Sum(c => c);
        return Bits(cells.Select(c => c * cells.Length > sum));
    }

    /// <summary>The 9x8 image's cells whose right neighbour is brighter.</summary>
    private static ulong Difference(GreyPlane cells) =>
        Bits(Enumerable.Range(0, Side * Side).Select(i => cells[i % Side + 1, i / Side] > cells[i % Side, i / Side]));

    /// <summary>
    /// The 8x8 lowest frequencies of the 32x32 image's DCT-II above their median. The DCT is unnormalised
    /// (scipy.fftpack's default): the first row and column are not scaled down as an orthonormal DCT's are.
    /// </summary>
    private static ulong Perceptual(byte[] pixels)
    {
        // Separable: down the columns, then along the rows, keeping only the low frequencies.
        var partial = new double[Side * DctSide];
        for (var v = 0; v < Side; v++)
        {
            for (var x = 0; x < DctSide; x++)
            {
                var sum = 0.0;
                for (var y = 0; y < DctSide; y++)
                {
                    sum += DctBasis[v * DctSide + y] * pixels[y * DctSide + x];
                }

                partial[v * DctSide + x] = sum;
            }
        }

        var low = new double[Side * Side];
        for (var v = 0; v < Side; v++)
        {
            for (var u = 0; u < Side; u++)
            {
                var sum = 0.0;
                for (var x = 0; x < DctSide; x++)
                {
                    sum += DctBasis[u * DctSide + x] * partial[v * DctSide + x];
                }

                // scipy's DCT gives exact zeros where the cosines cancel (a flat image); summed cosines
                // leave rounding noise there whose sign would decide the bit.
                low[v * Side + u] = Math.Abs(sum) < 1e-6 ? 0 : sum;
            }
        }

        return AboveMedian(low);
    }

    /// <summary>
    /// imagehash's whash (Haar, remove_max_haar_ll): the image resized to the largest power-of-two square
    /// its shorter side holds, its mean removed, and the 8x8 low band of the Haar transform above its
    /// median. With the Haar wavelet that band is the mean of each 1/8 x 1/8 block up to a common offset
    /// and scale, so the blocks' sums give the same bits.
    /// </summary>
    private static ulong Wavelet(GreyPlane plane)
    {
        var scale = Math.Max(Side, 1 << (int)Math.Log2(Math.Min(plane.Width, plane.Height)));
        var pixels = plane.ResizeLanczos(scale, scale).Pixels;
        var block = scale / Side;
        var sums = new double[Side * Side];
        for (var y = 0; y < scale; y++)
        {
            for (var x = 0; x < scale; x++)
            {
                sums[y / block * Side + x / block] += pixels[y * scale + x];
            }
        }

        return AboveMedian(sums);
    }

    private static ulong AboveMedian(double[] values)
    {
        var sorted = values.Order().ToArray();
        var median = (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        return Bits(values.Select(v => v > median));
    }

    private static ulong Bits(IEnumerable<bool> bits) => bits.Aggregate(0UL, (hash, bit) => (hash << 1) | (bit ? 1UL : 0UL));

    private static double[] BuildDctBasis()
    {
        // Unnormalised DCT-II: row k holds 2 cos(pi k (2n + 1) / 2N) for n = 0..N-1.
        var basis = new double[DctSide * DctSide];
        for (var k = 0; k < DctSide; k++)
        {
            for (var n = 0; n < DctSide; n++)
            {
                basis[k * DctSide + n] = 2 * Math.Cos(Math.PI * k * (2 * n + 1) / (2.0 * DctSide));
            }
        }

        return basis;
    }
}
