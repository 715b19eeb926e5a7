using System.Runtime.Intrinsics.X86;
using Lumina.Ml.Search;

namespace Lumina.Ml.Tests.Search;

public sealed class Int8DotTests
{
    [Theory]
    [InlineData(512)]
    [InlineData(100)]
    [InlineData(7)]
    public void EveryKernelThisMachineHasGivesTheScalarLoopsIntegers(int length)
    {
        var random = new Random(length);
        for (var trial = 0; trial < 50; trial++)
        {
            var unsigned = new byte[length];
            var signed = new sbyte[length];
            for (var i = 0; i < length; i++)
            {
                // The extremes first: 255 x -128 is where 16-bit intermediate sums would overflow.
                unsigned[i] = trial == 0 ? (byte)255 : (byte)random.Next(256);
                signed[i] = trial == 0 ? sbyte.MinValue : (sbyte)random.Next(-128, 128);
            }

            var expected = Int8Dot.DotScalar(unsigned, signed, 0);
            Assert.Equal(expected, Int8Dot.Dot(unsigned, signed));
            if (AvxVnni.IsSupported)
            {
                Assert.Equal(expected, Int8Dot.DotVnni(unsigned, signed));
            }

            if (Avx2.IsSupported)
            {
                Assert.Equal(expected, Int8Dot.DotAvx2(unsigned, signed));
            }
        }
    }

    [Fact]
    public void FourDotProductsAtOnceEqualFourSingleOnes()
    {
        var random = new Random(4);
        var vectors = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, 200).Select(_ => (byte)random.Next(256)).ToArray()).ToArray();
        var row = Enumerable.Range(0, 200).Select(_ => (sbyte)random.Next(-128, 128)).ToArray();
        var sums = new int[4];

        Int8Dot.Dot4(vectors[0], vectors[1], vectors[2], vectors[3], row, sums);

        Assert.Equal(vectors.Select(v => Int8Dot.DotScalar(v, row, 0)), sums);
    }
}
