using System.Numerics.Tensors;

namespace Lumina.Ml.Tagging;

/// <summary>
/// Zero-shot tagging: scores each concept for each image and keeps the best few that are confident enough.
/// </summary>
/// <remarks>
/// Calibration. Raw CLIP cosines sit in a narrow band (about 0.15-0.35 for ViT-B/32) and shift from
/// image to image, so a fixed cosine threshold tags too much on some photos and nothing on others. The
/// confidence of concept c for image x is CLIP's own zero-shot classifier run on two captions, the
/// concept's prompts and the neutral ones ("a photo.", ...):
/// <c>p = exp(s·cos(x,c)) / (exp(s·cos(x,c)) + exp(s·cos(x,n))) = sigmoid(s·(cos(x,c) − cos(x,n)))</c>,
/// with s = 100 the logit scale CLIP learned. The neutral caption absorbs what every caption shares
/// with the image ("it is a photo"), so only concept-specific evidence raises p, and p is comparable
/// across images. Unlike a softmax over the whole vocabulary it does not dilute as a user extends the
/// vocabulary, it lets several concepts be true at once (beach, sea, sunset), and it does not force a
/// winner onto a photo none of the concepts fits. The default threshold 0.9 asks for a margin of
/// about 0.022 in cosine; it is a prior from CLIP's training temperature, not yet fitted on labelled
/// Lumina photos, and is an option so it can be tuned per model.
/// </remarks>
public static class TagScorer
{
    /// <summary>For each image (L2-normalized embeddings from the same model as the concepts), its tags, most confident first.</summary>
    public static IReadOnlyList<TagScore>[] Score(IReadOnlyList<float[]> images, ConceptEmbeddings concepts, TagScoringOptions? options = null)
    {
        options ??= new TagScoringOptions();
        var results = new IReadOnlyList<TagScore>[images.Count];
        for (var i = 0; i < images.Count; i++)
        {
            if (images[i].Length != concepts.Dimension)
            {
                throw new ArgumentException($"Image {i} has a {images[i].Length}-dimensional embedding; the concepts are {concepts.Dimension}-dimensional.", nameof(images));
            }

            var image = Embeddings.Normalized(images[i]);
            var neutral = TensorPrimitives.Dot(image, concepts.Neutral);
            results[i] = [.. concepts.Vectors
                .Select((vector, c) => (Concept: c, Cosine: TensorPrimitives.Dot(image, vector)))
                .Select(s => new TagScore(concepts.Concepts[s.Concept], Sigmoid(options.LogitScale * (s.Cosine - neutral)), s.Cosine))
                .Where(score => score.Confidence >= options.Threshold)
                .OrderByDescending(score => score.Cosine)
                .Take(options.TopK)];
        }

        return results;
    }

    private static float Sigmoid(float logit) => 1f / (1f + MathF.Exp(-logit));
}
