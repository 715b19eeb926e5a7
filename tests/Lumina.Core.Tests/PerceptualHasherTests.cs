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
    public void BrighteningAndFlatteningContrastKeepsHashesWithinTwoBits()
    {
        var plane = Planes.Scene(2);
        var brighter = new GreyPlane(plane.Width, plane.Height, plane.Pixels.Select(p => (byte)Math.Round(p * 0.9 + 20)).ToArray());

        var original = PerceptualHasher.Compute(plane);
        var edited = PerceptualHasher.Compute(brighter);

        // The 8-bit cells of the resizes round differently after the edit; dHash, comparing neighbours
        // that can round to equal values, moves most.
        Assert.Equal(original.Average, edited.Average);
        Assert.Equal(original.Wavelet, edited.Wavelet);
        Assert.True(ImageHashes.Distance(original.Perceptual, edited.Perceptual) <= 2);
        Assert.True(ImageHashes.Distance(original.Difference, edited.Difference) <= 2);
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

        Assert.Equal(PerceptualHasher.Compute(plane.Mirror()).Difference, variants.Mirrored);
        Assert.True(ImageHashes.Distance(variants.Mirrored, PerceptualHasher.Compute(plane).Difference) > 8);
    }

    [Fact]
    public void TheCroppedVariantMatchesACropOfTheImage()
    {
        var plane = Planes.Scene(6);
        var crop = plane.CropCentre(PerceptualHasher.CropFraction);

        var variants = PerceptualHasher.Variants(plane);

        Assert.Equal(PerceptualHasher.Compute(crop).Difference, variants.Cropped);
        Assert.Equal(PerceptualHasher.Compute(crop.Mirror()).Difference, variants.CroppedMirrored);
    }

    [Fact]
    public void HashesEqualImagehashsOnTheFixtureImage()
    {
        var hashes = PerceptualHasher.Compute(Fixture.Plane());

        // imagehash_reference.py fixtures: ahash 1b113036313167ed, dhash f6f5f5e4efebcac9, phash 860cb92bd4954dee, whash 1b113136317367ed.
        Assert.Equal(new ImageHashes(0x1b113036313167edUL, 0xf6f5f5e4efebcac9UL, 0x860cb92bd4954deeUL, 0x1b113136317367edUL), hashes);
    }

    [Fact]
    public void HashesOfAStepEqualImagehashsIncludingTheRingingOfTheResize()
    {
        var hashes = PerceptualHasher.Compute(Fixture.Step());

        // Left half black, right half white: aHash and wHash set the right four cells of each row; the 9x8
        // resize rings ([0, 0, 4, 0, 127, 255, 251, 255, 255]), so dHash rows read 01011010.
        Assert.Equal(0x0f0f0f0f0f0f0f0fUL, hashes.Average);
        Assert.Equal(0x0f0f0f0f0f0f0f0fUL, hashes.Wavelet);
        Assert.Equal(0x5a5a5a5a5a5a5a5aUL, hashes.Difference);
    }

    [Fact]
    public void BitsRunRowByRowFromTheMostSignificant()
    {
        // Planes already at the hashes' sizes are not resampled: one bright pixel sets one bit.
        Assert.Equal(1UL << 63, PerceptualHasher.Compute(Bright(8, 8, 0, 0)).Average);
        Assert.Equal(1UL << 62, PerceptualHasher.Compute(Bright(8, 8, 1, 0)).Average);
        Assert.Equal(1UL << 55, PerceptualHasher.Compute(Bright(8, 8, 0, 1)).Average);
        Assert.Equal(1UL << 63, PerceptualHasher.Compute(Bright(9, 8, 1, 0)).Difference);
        Assert.Equal(1UL << 7, PerceptualHasher.Compute(Bright(9, 8, 1, 7)).Difference);
    }

    [Fact]
    public void PHashUsesTheUnnormalisedDct()
    {
        // imagehash_reference.py fixtures: phash 9308372e2d26776e; an orthonormal DCT would give 9b08370e2d26776e.
        var pixels = new byte[32 * 32];
        for (var y = 0; y < 32; y++)
        {
            for (var x = 0; x < 32; x++)
            {
                pixels[y * 32 + x] = (byte)((x + 3 * y * y + x * y) % 256);
            }
        }

        Assert.Equal(0x9308372e2d26776eUL, PerceptualHasher.Compute(new GreyPlane(32, 32, pixels)).Perceptual);
    }

    [Fact]
    public void AFlatImageSetsOnlyTheDcBitOfPHash()
    {
        var hashes = PerceptualHasher.Compute(new GreyPlane(40, 30, Enumerable.Repeat((byte)200, 40 * 30).ToArray()));

        // imagehash_reference.py fixtures: flat ahash 0, dhash 0, phash 8000000000000000.
        Assert.Equal((0UL, 0UL, 1UL << 63), (hashes.Average, hashes.Difference, hashes.Perceptual));
    }

    private static GreyPlane Bright(int width, int height, int x, int y)
    {
        var pixels = new byte[width * height];
        pixels[y * width + x] = 255;
        return new GreyPlane(width, height, pixels);
    }

    [Fact]
    public void DistanceCountsDifferingBits()
    {
        Assert.Equal(0, ImageHashes.Distance(0xabcdUL, 0xabcdUL));
        Assert.Equal(64, ImageHashes.Distance(0UL, ulong.MaxValue));
        Assert.Equal(3, ImageHashes.Distance(0b1011UL, 0b0000UL));
    }
}
