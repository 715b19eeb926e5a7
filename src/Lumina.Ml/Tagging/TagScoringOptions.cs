namespace Lumina.Ml.Tagging;

/// <summary>How many tags an image gets and how sure they must be. See <see cref="TagScorer"/> for the calibration.</summary>
public sealed class TagScoringOptions
{
    /// <summary>The most tags one image gets. Default: 5.</summary>
    public int TopK { get; init; } = 5;

    /// <summary>
    /// The least confidence a tag needs. Default: 0.9, i.e. the concept's cosine must exceed the neutral
    /// baseline's by ln(9) / 100 ≈ 0.022 at the default <see cref="LogitScale"/>.
    /// </summary>
    public float Threshold { get; init; } = 0.9f;

    /// <summary>
    /// Turns cosine differences into log-odds. Default: 100, the logit scale OpenAI's CLIP learned
    /// (exp(4.6052)), the factor it applies to cosines in its own zero-shot classifier.
    /// </summary>
    public float LogitScale { get; init; } = 100f;
}
