using Lumina.Testing;
using Lumina.Testing.Raw;

namespace Lumina.Functions.Tests;

/// <summary>A temporary folder of generated photos, good and bad, as a photographer's catalog might hold.</summary>
public sealed class PhotoFolder : IDisposable
{
    public PhotoFolder()
    {
        Directory.CreateDirectory(Path.Combine(Root, "2024", "trip"));
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"lumina-photos-{Guid.NewGuid():N}");

    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>Three good photos (one tagged), a PNG named .jpg, an empty file, text named .jpg, a truncated JPEG and a sidecar.</summary>
    public PhotoFolder WithMixedContent()
    {
        TestImages.SaveScene(PathOf("beach.jpg[Q=90]"), 800, 600, 1);
        TestImages.Tag(PathOf("beach.jpg"), ("DateTimeOriginal", "2024:07:14 09:30:00"), ("SubSecTimeOriginal", "25"), ("Make", "Lumina"), ("Model", "Tester"),
            ("GPSLatitude", "43.2965"), ("GPSLatitudeRef", "N"), ("GPSLongitude", "5.3698"), ("GPSLongitudeRef", "E"));
        TestImages.SaveScene(PathOf("2024/trip/mountain.png"), 640, 480, 2);
        TestImages.SaveScene(PathOf("2024/trip/lake.heic"), 500, 700, 3);
        TestImages.SaveScene(PathOf("mislabelled-png.jpg.tmp.png"), 300, 200, 4);
        File.Move(PathOf("mislabelled-png.jpg.tmp.png"), PathOf("mislabelled.jpg"));
        File.WriteAllBytes(PathOf("empty.jpg"), []);
        File.WriteAllText(PathOf("notes.jpg"), "not a photo at all");
        TestImages.SaveScene(PathOf("cut.jpg[Q=95]"), 1200, 900, 5);
        var bytes = File.ReadAllBytes(PathOf("cut.jpg"));
        File.WriteAllBytes(PathOf("cut.jpg"), bytes[..(bytes.Length / 2)]);
        File.WriteAllText(PathOf("beach.xmp"), "<x:xmpmeta/>");
        return this;
    }

    /// <summary>Every file's name and content hash, to prove originals are never touched.</summary>
    public IReadOnlyDictionary<string, string> Snapshot() =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(Root, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));

    /// <summary>
    /// A Nikon RAW file of the shot (<paramref name="name"/>.NEF) whose embedded preview is a scene of the seed,
    /// and with <paramref name="companion"/> the camera's JPEG of the same scene and EXIF (<paramref name="name"/>.JPG).
    /// </summary>
    public PhotoFolder WithRawShot(string name, int seed, CameraShot shot, bool companion = true, bool preview = true)
    {
        var scene = Path.Combine(Path.GetTempPath(), $"lumina-scene-{Guid.NewGuid():N}.jpg");
        TestImages.SaveScene(scene + "[Q=90]", 1200, 800, seed);
        var jpeg = File.ReadAllBytes(scene);
        File.Delete(scene);
        File.WriteAllBytes(PathOf(name + ".NEF"), TestRaws.Nef(shot, preview ? jpeg : null));
        if (companion)
        {
            File.WriteAllBytes(PathOf(name + ".JPG"), jpeg);
            TestImages.Tag(PathOf(name + ".JPG"), [("Make", shot.Make), ("Model", shot.Model), ("DateTimeOriginal", shot.DateTimeOriginal),
                .. shot.SubSeconds is { } sub ? [("SubSecTimeOriginal", sub)] : Array.Empty<(string, string)>()]);
        }

        return this;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
