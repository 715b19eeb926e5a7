using Lumina.Ml.Onnx;

namespace Lumina.Ml.Clip;

/// <summary>Opens an encoder's model: its identity, then its session, released again if the encoder cannot be made from it.</summary>
internal static class EncoderSession
{
    public static async Task<T> OpenAsync<T>(
        OnnxRuntime runtime,
        string modelPath,
        ClipEncoderOptions options,
        string? name,
        Func<OnnxSession, ModelIdentity, Task<T>> create,
        CancellationToken cancellationToken)
    {
        var identity = await ModelIdentity.OfFileAsync(name ?? Path.GetFileNameWithoutExtension(modelPath), modelPath, cancellationToken);
        var session = runtime.OpenSession(modelPath, options.Session);
        try
        {
            return await create(session, identity);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }
}
