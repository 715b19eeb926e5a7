using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lumina.Ml.Search;

/// <summary>
/// Dot products of an unsigned byte vector (a signed one shifted by 128, see <see cref="QuantizedRows"/>) with
/// signed byte rows, in 32-bit integers: AVX-VNNI's <c>vpdpbusd</c> multiplies and adds four byte pairs per lane
/// in one instruction; without it, AVX2 widens to 16 bits and uses <c>vpmaddwd</c>; elsewhere a scalar loop.
/// All three give the same integers.
/// </summary>
internal static class Int8Dot
{
    /// <summary>Which kernel <see cref="Dot"/> uses on this machine.</summary>
    public static string Kernel { get; } = AvxVnni.IsSupported ? "avx-vnni" : Avx2.IsSupported ? "avx2" : "scalar";

    /// <summary>Σ unsigned[i] × signed[i]; the lengths are equal.</summary>
    public static int Dot(ReadOnlySpan<byte> unsigned, ReadOnlySpan<sbyte> signed) =>
        AvxVnni.IsSupported ? DotVnni(unsigned, signed) : Avx2.IsSupported ? DotAvx2(unsigned, signed) : DotScalar(unsigned, signed, 0);

    /// <summary>
    /// Four dot products of one signed row with four unsigned vectors of its length, into
    /// <paramref name="sums"/>: with AVX-VNNI the row is loaded once for the four.
    /// </summary>
    public static void Dot4(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third, ReadOnlySpan<byte> fourth, ReadOnlySpan<sbyte> signed, Span<int> sums)
    {
        if (!AvxVnni.IsSupported)
        {
            sums[0] = Dot(first, signed);
            sums[1] = Dot(second, signed);
            sums[2] = Dot(third, signed);
            sums[3] = Dot(fourth, signed);
            return;
        }

        ref var s = ref MemoryMarshal.GetReference(signed);
        ref var u0 = ref MemoryMarshal.GetReference(first);
        ref var u1 = ref MemoryMarshal.GetReference(second);
        ref var u2 = ref MemoryMarshal.GetReference(third);
        ref var u3 = ref MemoryMarshal.GetReference(fourth);
        Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default;
        var i = 0;
        for (; i <= signed.Length - 32; i += 32)
        {
            var row = Vector256.LoadUnsafe(ref s, (nuint)i);
            a0 = AvxVnni.MultiplyWideningAndAdd(a0, Vector256.LoadUnsafe(ref u0, (nuint)i), row);
            a1 = AvxVnni.MultiplyWideningAndAdd(a1, Vector256.LoadUnsafe(ref u1, (nuint)i), row);
            a2 = AvxVnni.MultiplyWideningAndAdd(a2, Vector256.LoadUnsafe(ref u2, (nuint)i), row);
            a3 = AvxVnni.MultiplyWideningAndAdd(a3, Vector256.LoadUnsafe(ref u3, (nuint)i), row);
        }

        sums[0] = Vector256.Sum(a0) + DotScalar(first, signed, i);
        sums[1] = Vector256.Sum(a1) + DotScalar(second, signed, i);
        sums[2] = Vector256.Sum(a2) + DotScalar(third, signed, i);
        sums[3] = Vector256.Sum(a3) + DotScalar(fourth, signed, i);
    }

    internal static int DotVnni(ReadOnlySpan<byte> unsigned, ReadOnlySpan<sbyte> signed)
    {
        ref var u = ref MemoryMarshal.GetReference(unsigned);
        ref var s = ref MemoryMarshal.GetReference(signed);
        var first = Vector256<int>.Zero;
        var second = Vector256<int>.Zero;
        var i = 0;
        for (; i <= unsigned.Length - 64; i += 64)
        {
            first = AvxVnni.MultiplyWideningAndAdd(first, Vector256.LoadUnsafe(ref u, (nuint)i), Vector256.LoadUnsafe(ref s, (nuint)i));
            second = AvxVnni.MultiplyWideningAndAdd(second, Vector256.LoadUnsafe(ref u, (nuint)(i + 32)), Vector256.LoadUnsafe(ref s, (nuint)(i + 32)));
        }

        return Vector256.Sum(first + second) + DotScalar(unsigned, signed, i);
    }

    internal static int DotAvx2(ReadOnlySpan<byte> unsigned, ReadOnlySpan<sbyte> signed)
    {
        ref var u = ref MemoryMarshal.GetReference(unsigned);
        ref var s = ref MemoryMarshal.GetReference(signed);
        var sum = Vector256<int>.Zero;
        var i = 0;
        for (; i <= unsigned.Length - 16; i += 16)
        {
            var left = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref u, (nuint)i));
            var right = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref s, (nuint)i));
            sum = Avx2.Add(sum, Avx2.MultiplyAddAdjacent(left, right));
        }

        return Vector256.Sum(sum) + DotScalar(unsigned, signed, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int DotScalar(ReadOnlySpan<byte> unsigned, ReadOnlySpan<sbyte> signed, int start)
    {
        var sum = 0;
        for (var i = start; i < unsigned.Length; i++)
        {
            sum += unsigned[i] * signed[i];
        }

        return sum;
    }
}
