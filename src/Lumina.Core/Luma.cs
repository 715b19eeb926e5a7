namespace Lumina.Core;

/// <summary>How RGB pixels are weighed into luminance.</summary>
public enum Luma
{
    /// <summary>Rec. 709 weights (0.2126, 0.7152, 0.0722), as libvips' grey conversion of sRGB.</summary>
    Rec709,

    /// <summary>ITU-R 601-2 weights (0.299, 0.587, 0.114) rounded exactly as Pillow's "L" conversion, which imagehash uses.</summary>
    Rec601,
}
