using Lumina.Ml.Tagging;

namespace Lumina.Ml.Tests.Tagging;

public sealed class TagScorerTests
{
    // Constructed embeddings: the neutral caption is axis 0, each concept its own axis, so an image's
    // cosine to each is its (normalized) coordinate there.
    private static readonly TagConcept[] Concepts = [new("beach", "scene"), new("sea", "scene"), new("dog", "animal"), new("snow", "weather")];

    private static readonly float[] Image = Unit(1, 1.08f, 1.05f, 1.005f, 0.5f, 0);

    [Fact]
    public void KeepsTheConceptsAboveTheThresholdMostSimilarFirst()
    {
        var tags = Assert.Single(TagScorer.Score([Image], Space(Concepts), new TagScoringOptions { Threshold = 0.5f }));

        Assert.Equal(["beach", "sea", "dog"], tags.Select(t => t.Concept.Name));
    }

    [Fact]
    public void ConfidenceIsCLIPsTwoWaySoftmaxAgainstTheNeutralCaption()
    {
        var tags = TagScorer.Score([Image], Space(Concepts), new TagScoringOptions { Threshold = 0 })[0];

        foreach (var tag in tags)
        {
            var axis = Array.IndexOf(Concepts, tag.Concept) + 1;
            var expected = 1 / (1 + Math.Exp(-100 * (Image[axis] - Image[0])));
            Assert.Equal(expected, tag.Confidence, 1e-4);
            Assert.Equal(Image[axis], tag.Cosine, 1e-6f);
        }
    }

    [Fact]
    public void DefaultThresholdKeepsOnlyConceptsClearlyAboveTheNeutralCaption()
    {
        var tags = TagScorer.Score([Image], Space(Concepts))[0];

        Assert.Equal(["beach", "sea"], tags.Select(t => t.Concept.Name));
        Assert.All(tags, t => Assert.True(t.Confidence >= 0.9f));
    }

    [Fact]
    public void TopKLimitsTheTagsPerImage()
    {
        var tags = TagScorer.Score([Image], Space(Concepts), new TagScoringOptions { Threshold = 0.5f, TopK = 1 })[0];

        Assert.Equal("beach", Assert.Single(tags).Concept.Name);
    }

    [Fact]
    public void ConfidenceDoesNotDependOnTheOtherConceptsInTheVocabulary()
    {
        var small = TagScorer.Score([Image], Space(Concepts[..2]), new TagScoringOptions { Threshold = 0 })[0];
        var large = TagScorer.Score([Image], Space(Concepts), new TagScoringOptions { Threshold = 0 })[0];

        Assert.Equal(small[0].Confidence, large.Single(t => t.Concept.Name == "beach").Confidence);
        Assert.Equal(small[1].Confidence, large.Single(t => t.Concept.Name == "sea").Confidence);
    }

    [Fact]
    public void PhotoThatNoConceptFitsGetsNoTags()
    {
        var plain = Unit(1, 0.1f, 0.1f, 0.1f, 0.1f, 0.3f);

        Assert.Empty(TagScorer.Score([plain], Space(Concepts))[0]);
    }

    [Fact]
    public void ScoresEachImageOnItsOwn()
    {
        var dog = Unit(1, 0, 0, 1.2f, 0, 0);

        var tags = TagScorer.Score([Image, dog], Space(Concepts));

        Assert.Equal(["beach", "sea"], tags[0].Select(t => t.Concept.Name));
        Assert.Equal(["dog"], tags[1].Select(t => t.Concept.Name));
    }

    [Fact]
    public void EmbeddingOfAnotherSizeIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => TagScorer.Score([new float[4]], Space(Concepts)));

        Assert.Contains("4-dimensional embedding; the concepts are 6-dimensional", error.Message);
    }

    /// <summary>Concept i on axis i + 1, the neutral caption on axis 0, in 6 dimensions.</summary>
    private static ConceptEmbeddings Space(TagConcept[] concepts) => ConceptEmbeddings.FromVectors(
        concepts,
        [.. concepts.Select((_, i) => Axis(i + 1))],
        Axis(0));

    private static float[] Axis(int axis)
    {
        var vector = new float[6];
        vector[axis] = 1;
        return vector;
    }

    private static float[] Unit(params float[] values) => Embeddings.Normalized(values);
}
