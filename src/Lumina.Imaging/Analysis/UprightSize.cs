using Lumina.Imaging.Vips;

namespace Lumina.Imaging.Analysis;

/// <summary>Reads only an image's header to tell its upright size.</summary>
public static class UprightSize
{
    /// <summary>Width and height after the orientation tag is applied, or null when the bytes are not a readable image.</summary>
    public static (int Width, int Height)? Read(byte[] bytes)
    {
        try
        {
            using var header = VipsImage.Open(bytes);
            return header.GetInt("orientation") is >= 5 and <= 8 ? (header.Height, header.Width) : (header.Width, header.Height);
        }
        catch (VipsException)
        {
            return null;
        }
    }
}
