using System.Security.Cryptography;

namespace Lumina.Ml.Clip;

/// <summary>
/// Which model made an embedding: a readable name and the SHA-256 of the model file. Embeddings are
/// comparable only when their identities are equal, so the identity is stored with each embedding.
/// </summary>
public sealed record ModelIdentity(string Name, string Sha256)
{
    public static async Task<ModelIdentity> OfFileAsync(string name, string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return new ModelIdentity(name, Convert.ToHexStringLower(hash));
    }

    public override string ToString() => $"{Name}@sha256:{Sha256}";
}
