namespace Lumina.Imaging.Vips;

/// <summary>libvips enum values Lumina passes or reads (stable across libvips 8.x).</summary>
internal static class VipsEnums
{
    public const int SizeDown = 2;
    public const int InterpretationBW = 1;
    public const int InterpretationSrgb = 22;
    public const int InterpretationGrey16 = 26;
    public const int FormatUchar = 0;
    public const int KernelLinear = 1;
    public const int KernelCubic = 2;
    public const int Angle90 = 1;
    public const int Angle180 = 2;
    public const int Angle270 = 3;
    public const int DirectionHorizontal = 0;
}
