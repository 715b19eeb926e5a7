using Lumina.Ml.Onnx;

namespace Lumina.Ml.Tests.Onnx;

public sealed class OnnxRuntimeLibraryTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public void DefaultLoadFindsTheNpmPackageLibrary()
    {
        var runtime = TestRuntime.Shared;

        Assert.EndsWith(Path.Combine("onnxruntime-node", "bin", "napi-v6", "linux", "x64", "libonnxruntime.so.1"), runtime.LibraryPath);
        Assert.StartsWith("1.", runtime.Version);
    }

    [Fact]
    public void MissingConfiguredLibraryGivesAClearMessage()
    {
        var path = Path.Combine(folder.Path, "nowhere", "libonnxruntime.so.1");

        var error = Assert.Throws<OnnxRuntimeException>(() => OnnxRuntime.Load(new OnnxRuntimeOptions { LibraryPath = path }));

        Assert.Null(error.ErrorCode);
        Assert.Contains($"not found at '{path}'", error.Message);
        Assert.Contains("configured", error.Message);
    }

    [Fact]
    public void MissingEnvironmentLibraryNamesTheVariable()
    {
        var looked = new List<string>();

        var error = Assert.Throws<OnnxRuntimeException>(() => OnnxRuntimeLibrary.Resolve(null, folder.Path, [], looked));

        Assert.Contains(Path.Combine(folder.Path, "libonnxruntime.so.1"), error.Message);
        Assert.Contains("LUMINA_ONNXRUNTIME_PATH", error.Message);
    }

    [Fact]
    public void FileThatIsNotALibraryGivesAClearMessage()
    {
        var path = folder.Write("libonnxruntime.so.1", "not a shared object");

        var error = Assert.Throws<OnnxRuntimeException>(() => OnnxRuntime.Load(new OnnxRuntimeOptions { LibraryPath = path }));

        Assert.Contains($"'{path}' could not be loaded", error.Message);
    }

    [Fact]
    public void ConfiguredFolderWinsOverTheEnvironmentVariable()
    {
        var configured = folder.Write(Path.Combine("configured", "libonnxruntime.so.1"), "x");
        var fromEnvironment = folder.Write(Path.Combine("environment", "libonnxruntime.so.1"), "x");

        Assert.Equal(configured, OnnxRuntimeLibrary.Resolve(Path.GetDirectoryName(configured), fromEnvironment, [], []));
        Assert.Equal(fromEnvironment, OnnxRuntimeLibrary.Resolve(null, fromEnvironment, [], []));
    }

    [Fact]
    public void FindsTheNpmPackageInAnAncestorFolder()
    {
        var library = folder.Write(Path.Combine("infra", "local", "node_modules", "onnxruntime-node", "bin", "napi-v6", "linux", "x64", "libonnxruntime.so.1"), "x");
        var start = Path.Combine(folder.Path, "src", "app", "bin");
        Directory.CreateDirectory(start);

        Assert.Equal(library, OnnxRuntimeLibrary.Resolve(null, null, [start], []));
    }

    [Fact]
    public void ReportsEveryPlaceLookedWhenNothingIsFound()
    {
        var start = Path.Combine(folder.Path, "empty");
        Directory.CreateDirectory(start);
        var looked = new List<string>();

        Assert.Null(OnnxRuntimeLibrary.Resolve(null, null, [start], looked));

        Assert.Contains(looked, place => place.Contains(start) && place.Contains("onnxruntime-node"));
        Assert.Contains(looked, place => place.Contains("system library search path"));
    }

    public void Dispose() => folder.Dispose();
}
