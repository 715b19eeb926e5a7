namespace Lumina.Core.Picks;

/// <summary>
/// What choosing the image to keep reads of one image, all from stored metadata. Width and height are the
/// stored pixel size (the pixel count does not depend on the orientation); <c>CameraExif</c> says the file
/// carries a camera's EXIF (make, model and DateTimeOriginal); <c>Colourfulness</c> is the mean chroma of
/// the decoded pixels; <c>CameraThumbnailDifference</c> how far the pixels are from the EXIF thumbnail
/// (<see cref="Lumina.Core.Quality.CameraThumbnail"/>); <c>Sharpness</c> the Laplacian variance of the detail crop.
/// Missing values are null.
/// </summary>
public sealed record PickTraits(
    int? Width = null,
    int? Height = null,
    string? Format = null,
    long FileSize = 0,
    int? JpegQuality = null,
    double? Colourfulness = null,
    bool CameraExif = false,
    double? CameraThumbnailDifference = null,
    double? Quality = null,
    double? Sharpness = null)
{
    public static PickTraits Unknown { get; } = new();

    public long Pixels => (long)(Width ?? 0) * (Height ?? 0);

    /// <summary>2: camera EXIF and pixels that match the camera's thumbnail; 1: camera EXIF; 0: neither.</summary>
    public int CameraEvidence => !CameraExif ? 0 : CameraThumbnailDifference is { } difference && Lumina.Core.Quality.CameraThumbnail.Agrees(difference) ? 2 : 1;
}
