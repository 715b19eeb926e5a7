namespace Lumina.Ml.Clip;

/// <summary>Reads what an encoder needs from a session's inputs and outputs, with messages naming what was found.</summary>
internal static class EncoderSignature
{
    /// <summary>The embedding output: one with a known name, else the only [batch, dimension] float output.</summary>
    public static EncoderNode EmbeddingOutput(EncoderSession session, params string[] knownNames)
    {
        var floats2d = session.Outputs.Where(o => o.ElementType == typeof(float) && o.Rank == 2).ToList();
        var named = floats2d.FirstOrDefault(o => knownNames.Contains(o.Name, StringComparer.Ordinal));
        return named ?? (floats2d.Count == 1
            ? floats2d[0]
            : throw Mismatch(session, $"one float output of shape [batch, dimension] (or one named {string.Join(" or ", knownNames)})"));
    }

    /// <summary>A dimension's fixed size, or null when the model leaves it dynamic.</summary>
    public static int? Fixed(long dimension) => dimension > 0 ? checked((int)dimension) : null;

    public static ClipModelException Mismatch(EncoderSession session, string expected) => new(
        $"'{session.ModelPath}' does not have the signature of a CLIP encoder: expected {expected}; " +
        $"it has inputs {Describe(session.Inputs)} and outputs {Describe(session.Outputs)}.");

    private static string Describe(IReadOnlyList<EncoderNode> nodes) => nodes.Count == 0 ? "(none)" : string.Join(", ", nodes);
}
