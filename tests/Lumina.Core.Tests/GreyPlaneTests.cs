namespace Lumina.Core.Tests;

public sealed class GreyPlaneTests
{
    [Fact]
    public void ResamplingByAWholeRatioAveragesBlocks()
    {
        var plane = new GreyPlane(4, 2, [0, 10, 20, 30, 40, 50, 60, 70]);

        var resampled = plane.ResampleArea(2, 1);

        Assert.Equal([25f, 45f], resampled);
    }

    [Fact]
    public void ResamplingByAFractionalRatioKeepsTheMeanAndWeighsPartialPixels()
    {
        var plane = new GreyPlane(3, 1, [0, 30, 90]);

        var resampled = plane.ResampleArea(2, 1);

        // Cell 0 covers pixel 0 and half of pixel 1; cell 1 the other half and pixel 2.
        Assert.Equal(10f, resampled[0], 3);
        Assert.Equal(70f, resampled[1], 3);
        Assert.Equal(40f, resampled.Average(), 3);
    }

    [Fact]
    public void CropCentreKeepsTheMiddleRegion()
    {
        var pixels = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        var plane = new GreyPlane(10, 10, pixels);

        var crop = plane.CropCentre(0.6);

        Assert.Equal((6, 6), (crop.Width, crop.Height));
        Assert.Equal(22, crop[0, 0]);
        Assert.Equal(77, crop[5, 5]);
    }

    [Fact]
    public void RejectsPixelCountsThatDoNotMatchTheSize()
    {
        var error = Assert.Throws<ArgumentException>(() => new GreyPlane(3, 3, new byte[8]));
        Assert.Contains("3x3 plane needs 9 bytes", error.Message);
    }

    [Fact]
    public void LuminanceOfRgbPixelsWeighsGreenMost()
    {
        byte[] rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255];

        var grey = GreyPlane.FromPixels(rgb, 2, 2, 3);

        Assert.Equal([54, 182, 19, 255], grey.Pixels);
        Assert.Same(rgb, GreyPlane.FromPixels(rgb, 4, 3, 1).Pixels);
        Assert.Throws<ArgumentException>(() => GreyPlane.FromPixels(rgb, 2, 2, 4));
    }
}
