namespace Lumina.Core.Tests;

/// <summary>
/// Luminance and resizing against values Pillow 9.4 produced (tests/Lumina.Imaging.Tests/Reference/imagehash_reference.py fixtures).
/// </summary>
public sealed class GreyPlaneTests
{
    [Fact]
    public void Rec601LuminanceRoundsAsPillowsLConversion()
    {
        byte[] rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 1, 1, 1, 128, 64, 200, 3, 2, 1, 200, 201, 199];

        var grey = GreyPlane.FromPixels(rgb, 8, 1, 3, Luma.Rec601);

        Assert.Equal([76, 150, 29, 255, 1, 99, 2, 200], grey.Pixels);
    }

    [Fact]
    public void Rec709LuminanceWeighsGreenMost()
    {
        byte[] rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255];

        var grey = GreyPlane.FromPixels(rgb, 2, 2, 3, Luma.Rec709);

        Assert.Equal([54, 182, 19, 255], grey.Pixels);
        Assert.Same(rgb, GreyPlane.FromPixels(rgb, 4, 3, 1, Luma.Rec601).Pixels);
        Assert.Throws<ArgumentException>(() => GreyPlane.FromPixels(rgb, 2, 2, 4, Luma.Rec709));
    }

    [Fact]
    public void TheFixtureImageHasPillowsLuminance()
    {
        Assert.Equal(Fixture.PillowLuma, Fixture.Plane().Pixels);
    }

    [Theory]
    [InlineData(5, 3, new byte[] { 50, 118, 161, 103, 145, 88, 159, 129, 105, 132, 135, 181, 104, 129, 153 })]
    [InlineData(9, 8, new byte[]
    {
        32, 53, 87, 132, 194, 114, 118, 165, 156, 46, 67, 101, 156, 176, 61, 124, 97, 192, 64, 85, 118, 176, 198, 58, 134, 97, 130,
        78, 100, 133, 187, 150, 80, 164, 127, 101, 92, 114, 145, 212, 81, 90, 118, 127, 138, 103, 121, 159, 188, 56, 121, 67, 152, 172,
        118, 139, 192, 137, 54, 163, 122, 172, 172, 135, 175, 224, 180, 86, 165, 137, 120, 130,
    })]
    [InlineData(4, 7, new byte[] { 42, 134, 138, 150, 63, 149, 102, 132, 81, 165, 127, 110, 104, 154, 115, 133, 121, 161, 82, 134, 140, 131, 112, 172, 173, 173, 129, 134 })]
    [InlineData(26, 3, new byte[]
    {
        41, 44, 51, 59, 68, 78, 92, 104, 121, 133, 148, 187, 225, 198, 119, 63, 64, 100, 140, 149, 126, 106, 111, 139, 167, 182,
        82, 84, 90, 97, 107, 117, 130, 142, 155, 181, 204, 191, 144, 90, 59, 67, 101, 135, 145, 120, 86, 104, 162, 166, 120, 89,
        112, 118, 132, 144, 153, 161, 172, 195, 214, 201, 153, 92, 51, 55, 97, 153, 184, 154, 92, 79, 130, 167, 168, 160, 158, 155,
    })]
    public void LanczosResizingGivesPillowsPixels(int width, int height, byte[] pillow)
    {
        var resized = Fixture.Plane().ResizeLanczos(width, height);

        Assert.Equal((width, height), (resized.Width, resized.Height));
        Assert.Equal(pillow, resized.Pixels);
    }

    [Fact]
    public void LanczosRingsAndClipsAtAStepAsPillowDoes()
    {
        var resized = Fixture.Step().ResizeLanczos(9, 8);

        Assert.Equal([0, 0, 4, 0, 127, 255, 251, 255, 255], resized.Pixels.Take(9));
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
    public void MirrorSwapsLeftAndRight()
    {
        var plane = new GreyPlane(3, 2, [1, 2, 3, 4, 5, 6]);

        Assert.Equal([3, 2, 1, 6, 5, 4], plane.Mirror().Pixels);
    }

    [Fact]
    public void RejectsPixelCountsThatDoNotMatchTheSize()
    {
        var error = Assert.Throws<ArgumentException>(() => new GreyPlane(3, 3, new byte[8]));
        Assert.Contains("3x3 plane needs 9 bytes", error.Message);
    }
}
