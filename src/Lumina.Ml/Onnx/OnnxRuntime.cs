namespace Lumina.Ml.Onnx;

/// <summary>
/// The loaded ONNX Runtime library with one OrtEnv: opens sessions and wraps managed buffers as tensors.
/// Thread-safe. Disposing it releases the environment once the last session opened from it is released.
/// </summary>
public sealed class OnnxRuntime : IDisposable
{
    private OnnxRuntime(OrtApi api, string version, string libraryPath, OnnxRuntimeOptions options)
    {
        Api = api;
        Version = version;
        LibraryPath = libraryPath;
        Environment = new OrtEnvHandle(api, (int)options.LogLevel, "lumina");
        CpuMemory = new OrtMemoryInfoHandle(api);
    }

    /// <summary>The library's own version string, e.g. "1.30.0".</summary>
    public string Version { get; }

    /// <summary>The file the library was loaded from (or its bare name when the system loader found it).</summary>
    public string LibraryPath { get; }

    internal OrtApi Api { get; }

    internal OrtEnvHandle Environment { get; }

    internal OrtMemoryInfoHandle CpuMemory { get; }

    /// <summary>Finds and loads the library (see <see cref="OnnxRuntimeOptions.LibraryPath"/>) and creates the environment.</summary>
    /// <exception cref="OnnxRuntimeException">The library is missing, unloadable, or too old; the message says where it looked.</exception>
    public static OnnxRuntime Load(OnnxRuntimeOptions? options = null)
    {
        options ??= new OnnxRuntimeOptions();
        var looked = new List<string>();
        var path = OnnxRuntimeLibrary.Resolve(
            options.LibraryPath,
            System.Environment.GetEnvironmentVariable(OnnxRuntimeLibrary.PathVariable),
            [AppContext.BaseDirectory, System.Environment.CurrentDirectory],
            looked);
        var (api, version, loadedFrom) = OnnxRuntimeLibrary.Load(path, looked);
        return new OnnxRuntime(api, version, loadedFrom, options);
    }

    /// <summary>Loads a model file into a new session.</summary>
    /// <exception cref="OnnxRuntimeException">The file is missing or not a valid model; the runtime's message is included.</exception>
    public OnnxSession OpenSession(string modelPath, OnnxSessionOptions? options = null) =>
        OnnxSession.Open(this, modelPath, options ?? new OnnxSessionOptions());

    /// <summary>
    /// Wraps a managed buffer as an input tensor without copying. The buffer stays pinned, and must not
    /// change, until the tensor is disposed.
    /// </summary>
    /// <typeparam name="T">float, int or long.</typeparam>
    public OnnxTensor CreateTensor<T>(Memory<T> data, ReadOnlySpan<long> shape)
        where T : unmanaged => OnnxTensor.Create(this, data, shape);

    public void Dispose()
    {
        CpuMemory.Dispose();
        Environment.Dispose();
    }
}
