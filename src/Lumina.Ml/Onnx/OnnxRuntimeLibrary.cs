using System.Runtime.InteropServices;

namespace Lumina.Ml.Onnx;

/// <summary>
/// Where the ONNX Runtime shared library is and how it is loaded: the configured path, then
/// <see cref="PathVariable"/>, then the npm package <c>onnxruntime-node</c> above the application or
/// the working directory, then the system loader. The library is loaded by full path because the npm
/// package ships only <c>libonnxruntime.so.1</c> (no <c>libonnxruntime.so</c> link), and it stays
/// loaded for the life of the process.
/// </summary>
internal static class OnnxRuntimeLibrary
{
    public const string FileName = "libonnxruntime.so.1";
    public const string PathVariable = "LUMINA_ONNXRUNTIME_PATH";
    private const string EntryPoint = "OrtGetApiBase";

    /// <summary>The entry of onnxruntime_c_api.h against which the OrtApi indices were checked.</summary>
    public const uint ApiVersion = 13;

    /// <summary>The library's full path, or null when only the system loader is left to try.</summary>
    /// <param name="configuredPath">A file, or a folder holding <see cref="FileName"/>; null when not configured.</param>
    /// <param name="environmentPath">The value of <see cref="PathVariable"/>, same forms.</param>
    /// <param name="searchStarts">Folders whose ancestors may hold the npm package.</param>
    /// <param name="looked">Receives each place looked at, for the message when nothing loads.</param>
    public static string? Resolve(string? configuredPath, string? environmentPath, IEnumerable<string> searchStarts, List<string> looked)
    {
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            return Explicit(configuredPath, "the configured OnnxRuntime library path");
        }

        if (!string.IsNullOrWhiteSpace(environmentPath))
        {
            return Explicit(environmentPath, PathVariable);
        }

        foreach (var start in searchStarts)
        {
            for (var dir = Path.GetFullPath(start); dir is not null; dir = Path.GetDirectoryName(dir))
            {
                foreach (var candidate in NpmCandidates(dir))
                {
                    if (File.Exists(candidate))
                    {
                        return candidate;
                    }
                }
            }

            looked.Add($"node_modules/{NpmPackagePath} above {start}");
        }

        looked.Add($"the system library search path ({FileName})");
        return null;
    }

    /// <summary>Loads the library and returns its OrtApi table and version string.</summary>
    /// <param name="path">A full path from <see cref="Resolve"/>, or null for the system loader.</param>
    public static unsafe (OrtApi Api, string Version, string LoadedFrom) Load(string? path, IReadOnlyList<string> looked)
    {
        nint library;
        try
        {
            library = NativeLibrary.Load(path ?? FileName);
        }
        catch (DllNotFoundException e) when (path is null)
        {
            throw new OnnxRuntimeException(
                $"The ONNX Runtime library ({FileName}) was not found. Looked in: {string.Join("; ", looked)}. " +
                $"Set OnnxRuntimeOptions.LibraryPath or {PathVariable} to the library file, or install the npm package " +
                "with 'infra/local/install-deps.sh test' (ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node).", e);
        }
        catch (DllNotFoundException e)
        {
            throw new OnnxRuntimeException($"The ONNX Runtime library '{path}' could not be loaded: {e.Message}", e);
        }

        var loadedFrom = path ?? FileName;
        if (!NativeLibrary.TryGetExport(library, EntryPoint, out var getApiBase))
        {
            throw new OnnxRuntimeException($"'{loadedFrom}' is not an ONNX Runtime library: it exports no {EntryPoint}.");
        }

        var apiBase = ((delegate* unmanaged<OrtApiBase*>)getApiBase)();
        var version = Marshal.PtrToStringUTF8((nint)apiBase->GetVersionString()) ?? "unknown";
        var table = apiBase->GetApi(ApiVersion);
        if (table is null)
        {
            throw new OnnxRuntimeException(
                $"The ONNX Runtime library '{loadedFrom}' (version {version}) does not provide C API version {ApiVersion}; ONNX Runtime 1.{ApiVersion} or newer is needed.");
        }

        return (new OrtApi(table), version, loadedFrom);
    }

    private static string Explicit(string value, string source)
    {
        var path = Directory.Exists(value) ? Path.Combine(value, FileName) : value;
        return File.Exists(path)
            ? Path.GetFullPath(path)
            : throw new OnnxRuntimeException(
                $"The ONNX Runtime library was not found at '{path}' (from {source}). Point it at {FileName}, or at the folder holding it.");
    }

    private static string NpmPackagePath => Path.Combine("onnxruntime-node", "bin", "napi-v6", "linux", ArchitectureFolder, FileName);

    private static string ArchitectureFolder => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "arm64" : "x64";

    private static IEnumerable<string> NpmCandidates(string dir)
    {
        yield return Path.Combine(dir, "node_modules", NpmPackagePath);
        yield return Path.Combine(dir, "infra", "local", "node_modules", NpmPackagePath);
    }
}
