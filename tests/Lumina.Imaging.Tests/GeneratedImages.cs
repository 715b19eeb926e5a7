using Lumina.Testing;

namespace Lumina.Imaging.Tests;

/// <summary>Images generated once per test class into a temporary folder.</summary>
public sealed class GeneratedImages : IDisposable
{
    public GeneratedImages()
    {
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"lumina-imaging-{Guid.NewGuid():N}");

    /// <summary>A scene saved as <paramref name="name"/> (libvips save options allowed in brackets); returns its bytes.</summary>
    public byte[] Scene(string name, int width, int height, int seed = 1)
    {
        var path = TestImages.SaveScene(Path.Combine(Folder, name), width, height, seed);
        return File.ReadAllBytes(path);
    }

    public string PathOf(string name) => Path.Combine(Folder, name);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
