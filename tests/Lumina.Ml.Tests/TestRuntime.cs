using Lumina.Ml.Onnx;

namespace Lumina.Ml.Tests;

/// <summary>The ONNX Runtime the tests share, found the default way (the npm package under infra/local).</summary>
internal static class TestRuntime
{
    private static readonly Lazy<OnnxRuntime> Loaded = new(() => OnnxRuntime.Load());

    public static OnnxRuntime Shared => Loaded.Value;
}
