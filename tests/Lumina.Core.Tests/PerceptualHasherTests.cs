using Lumina.Core.Hashing;

namespace Lumina.Core.Tests;

public sealed class PerceptualHasherTests
{
    [Fact]
    public void IdenticalImagesHashIdentically()
    {
        Assert.Equal(PerceptualHasher.Compute(Planes.Scene(1)), PerceptualHasher.Compute(Planes.Scene(1)));
    }

    [Fact]
    public void BrighteningAndFlatteningContrastKeepsEveryHash()
    {
        var plane = Planes.Scene(2);
        var brighter = new GreyPlane(plane.Width, plane.Height, plane.Pixels.Select(p => (byte)Math.Round(p * 0.9 + 20)).ToArray());

        Assert.Equal(PerceptualHasher.Compute(plane), PerceptualHasher.Compute(brighter));
    }

    [Fact]
    public void LightNoiseMovesHashesByFewBitsWhileOtherScenesAreFarAway()
    {
        var plane = Planes.Scene(3);
        var random = new Random(7);
        var noisy = new GreyPlane(plane.Width, plane.Height, plane.Pixels.Select(p => (byte)Math.Clamp(p + random.Next(-6, 7), 0, 255)).ToArray());
        var original = PerceptualHasher.Compute(plane);
        var withNoise = PerceptualHasher.Compute(noisy);
        var other = PerceptualHasher.Compute(Planes.Scene(4));

        Assert.True(ImageHashes.Distance(original.Difference, withNoise.Difference) <= 4);
        Assert.True(ImageHashes.Distance(original.Perceptual, withNoise.Perceptual) <= 4);
        Assert.True(ImageHashes.Distance(original.Difference, other.Difference) >= 16);
        Assert.True(ImageHashes.Distance(original.Perceptual, other.Perceptual) >= 16);
    }

    [Fact]
    public void TheMirroredVariantIsTheDHashOfTheMirroredImage()
    {
        var plane = Planes.Scene(5);

        var variants = PerceptualHasher.Variants(plane);

        Assert.Equal(PerceptualHasher.Compute(Planes.Mirror(plane)).Difference, variants.Mirrored);
        Assert.True(ImageHashes.Distance(variants.Mirrored, PerceptualHasher.Compute(plane).Difference) > 8);
    }

    [Fact]
    public void TheCroppedVariantMatchesACropOfTheImage()
    {
        var plane = Planes.Scene(6);
        var crop = plane.CropCentre(PerceptualHasher.CropFraction);

        var variants = PerceptualHasher.Variants(plane);

        Assert.Equal(PerceptualHasher.Compute(crop).Difference, variants.Cropped);
        Assert.Equal(PerceptualHasher.Compute(Planes.Mirror(crop)).Difference, variants.CroppedMirrored);
    }

    [Fact]
    public void AHashSetsTheBitsOfCellsBrighterThanTheMean()
    {
        // Left half black, right half white: in every row of the 8x8 grid the right four cells are set.
        var pixels = new byte[64 * 64];
        for (var y = 0; y < 64; y++)
        {
            for (var x = 32; x < 64; x++)
            {
                pixels[y * 64 + x] = 255;
            }
        }

        var hashes = PerceptualHasher.Compute(new GreyPlane(64, 64, pixels));

        Assert.Equal(0x0f0f0f0f0f0f0f0fUL, hashes.Average);
        Assert.Equal(0x0f0f0f0f0f0f0f0fUL, hashes.Wavelet);
        // Of each 9-cell row, cell 4 straddles the edge (half grey): brightness rises from cell 3 to 4 and from 4 to 5.
        Assert.Equal(0x1818181818181818UL, hashes.Difference);
    }

    [Fact]
    public void DistanceCountsDifferingBits()
    {
        Assert.Equal(0, ImageHashes.Distance(0xabcdUL, 0xabcdUL));
        Assert.Equal(64, ImageHashes.Distance(0UL, ulong.MaxValue));
        Assert.Equal(3, ImageHashes.Distance(0b1011UL, 0b0000UL));
    }
}
