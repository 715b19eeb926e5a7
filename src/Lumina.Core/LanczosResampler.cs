using System.Collections.Concurrent;
using System.Numerics.Tensors;

namespace Lumina.Core;

/// <summary>
/// Resizes 8-bit single-band pixels the way Pillow's <c>Image.resize(size, LANCZOS)</c> does (with no
/// reducing gap): a horizontal pass then a vertical one, each a Lanczos-3 kernel widened by the
/// reduction factor, weights normalised per output pixel and held in 22-bit fixed point, and every
/// pass rounded and clipped to 8 bits. Hashes that other systems compute with Pillow need its exact
/// integer arithmetic, not just the same kernel.
/// </summary>
internal static class LanczosResampler
{
    private const double Support = 3.0;
    private const int PrecisionBits = 32 - 8 - 2;
    private const int Rounding = 1 << (PrecisionBits - 1);
    private const int CachedSizes = 4096;

    // The taps depend only on the two sizes, and the hashes of an image resize to a few sizes, its crops from a few
    // more: computing them (two sines a tap) took about as long as the resizes. Photos of one camera share them too.
    private static readonly ConcurrentDictionary<(int In, int Out), Weights> Cache = new();

    public static byte[] Resize(byte[] pixels, int width, int height, int targetWidth, int targetHeight)
    {
        var resizeRows = targetWidth != width;
        var resizeColumns = targetHeight != height;
        if (!resizeRows && !resizeColumns)
        {
            return (byte[])pixels.Clone();
        }

        var rows = WeightsFor(height, targetHeight);
        var source = pixels;
        var firstRow = 0;
        if (resizeRows)
        {
            // Only the source rows the vertical pass reads are resized.
            firstRow = resizeColumns ? rows.First[0] : 0;
            var lastRow = resizeColumns ? rows.First[^1] + rows.Count[^1] : height;
            source = Horizontal(pixels, width, firstRow, lastRow - firstRow, WeightsFor(width, targetWidth));
        }

        return resizeColumns ? Vertical(source, targetWidth, firstRow, rows) : source;
    }

    // Sums of integer products: vectorised in any order, they equal Pillow's sequential sums exactly.
    private static byte[] Horizontal(byte[] pixels, int width, int firstRow, int rowCount, Weights weights)
    {
        var outWidth = weights.First.Length;
        var result = new byte[outWidth * rowCount];
        var row = new int[width];
        for (var y = 0; y < rowCount; y++)
        {
            Widen(pixels.AsSpan((firstRow + y) * width, width), row);
            for (var x = 0; x < outWidth; x++)
            {
                var taps = weights.Taps(x);
                result[y * outWidth + x] = Clip(Rounding + TensorPrimitives.Dot(row.AsSpan(weights.First[x], taps.Length), taps));
            }
        }

        return result;
    }

    private static byte[] Vertical(byte[] pixels, int width, int firstRow, Weights weights)
    {
        var outHeight = weights.First.Length;
        var result = new byte[width * outHeight];
        var rows = new int[pixels.Length];
        Widen(pixels, rows);
        var sums = new int[width];
        for (var y = 0; y < outHeight; y++)
        {
            var taps = weights.Taps(y);
            var first = weights.First[y] - firstRow;
            Array.Fill(sums, Rounding);
            for (var k = 0; k < taps.Length; k++)
            {
                var source = rows.AsSpan((first + k) * width, width);
                TensorPrimitives.MultiplyAdd(source, taps[k], sums, sums);
            }

            for (var x = 0; x < width; x++)
            {
                result[y * width + x] = Clip(sums[x]);
            }
        }

        return result;
    }

    private static Weights WeightsFor(int inSize, int outSize)
    {
        if (Cache.TryGetValue((inSize, outSize), out var cached))
        {
            return cached;
        }

        if (Cache.Count >= CachedSizes)
        {
            Cache.Clear();
        }

        return Cache.GetOrAdd((inSize, outSize), sizes => Weights.For(sizes.In, sizes.Out));
    }

    private static void Widen(ReadOnlySpan<byte> bytes, Span<int> ints)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            ints[i] = bytes[i];
        }
    }

    private static byte Clip(int sum) => (byte)Math.Clamp(sum >> PrecisionBits, 0, 255);

    private static double Lanczos(double x) => x is >= -Support and < Support ? Sinc(x) * Sinc(x / Support) : 0;

    private static double Sinc(double x) => x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);

    /// <summary>For each output pixel, the first source pixel it reads and its fixed-point tap weights.</summary>
    private sealed class Weights
    {
        private readonly int[] _taps;
        private readonly int _stride;

        private Weights(int[] first, int[] count, int[] taps, int stride)
        {
            First = first;
            Count = count;
            _taps = taps;
            _stride = stride;
        }

        public int[] First { get; }

        public int[] Count { get; }

        public ReadOnlySpan<int> Taps(int output) => _taps.AsSpan(output * _stride, Count[output]);

        public static Weights For(int inSize, int outSize)
        {
            var scale = (double)inSize / outSize;
            var filterScale = Math.Max(scale, 1.0);
            var support = Support * filterScale;
            var step = 1.0 / filterScale;
            var stride = (int)Math.Ceiling(support) * 2 + 1;
            var first = new int[outSize];
            var count = new int[outSize];
            var taps = new int[outSize * stride];
            var real = new double[stride];
            for (var o = 0; o < outSize; o++)
            {
                var centre = (o + 0.5) * scale;
                var min = Math.Max(0, (int)(centre - support + 0.5));
                var n = Math.Min(inSize, (int)(centre + support + 0.5)) - min;
                var total = 0.0;
                for (var k = 0; k < n; k++)
                {
                    real[k] = Lanczos((k + min - centre + 0.5) * step);
                    total += real[k];
                }

                for (var k = 0; k < n; k++)
                {
                    var w = total == 0 ? real[k] : real[k] / total;
                    taps[o * stride + k] = (int)(w < 0 ? -0.5 + w * (1 << PrecisionBits) : 0.5 + w * (1 << PrecisionBits));
                }

                first[o] = min;
                count[o] = n;
            }

            return new Weights(first, count, taps, stride);
        }
    }
}
