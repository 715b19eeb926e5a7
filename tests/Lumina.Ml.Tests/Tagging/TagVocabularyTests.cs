using Lumina.Ml.Tagging;

namespace Lumina.Ml.Tests.Tagging;

public sealed class TagVocabularyTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public void DefaultVocabularyHasAtLeast300UniqueConceptsInTheIssuesCategories()
    {
        var concepts = TagVocabulary.Default.Concepts;

        Assert.True(concepts.Count >= 300, $"{concepts.Count} concepts");
        Assert.Equal(concepts.Count, concepts.Select(c => c.Name.ToLowerInvariant()).Distinct().Count());
        Assert.Subset(concepts.Select(c => c.Category).ToHashSet(), new HashSet<string> { "scene", "object", "animal", "event", "weather", "time of day" });
        Assert.Contains(new TagConcept("dog", "animal"), concepts);
        Assert.Contains(new TagConcept("golden hour", "time of day", "during golden hour"), concepts);
    }

    [Fact]
    public void ParsesCategoryConceptAndOptionalPhraseSkippingCommentsAndBlankLines()
    {
        var vocabulary = TagVocabulary.Parse("# mine\n\nanimal: dog\r\nfood:  ice cream | a scoop of ice cream \n", "test");

        Assert.Equal([new TagConcept("dog", "animal"), new TagConcept("ice cream", "food", "a scoop of ice cream")], vocabulary.Concepts);
    }

    [Theory]
    [InlineData("just a word", "line 2: expected 'category: concept'")]
    [InlineData("animal:", "line 2: expected 'category: concept'")]
    [InlineData("animal: dog |", "line 2: expected 'category: concept'")]
    [InlineData("pet: Cat", "line 2: the concept 'Cat' is already on line 1")]
    public void MalformedLinesAndRepeatedNamesAreReportedWithTheirLine(string line, string message)
    {
        var error = Assert.Throws<FormatException>(() => TagVocabulary.Parse("animal: cat\n" + line, "user.txt"));

        Assert.Contains("user.txt, " + message, error.Message);
    }

    [Fact]
    public async Task UserVocabularyExtendsTheDefaultReplacingConceptsOfTheSameName()
    {
        var path = folder.Write("tags.txt", "animal: Dog | our dog Rex\nobject: drone\n");

        var vocabulary = await TagVocabulary.LoadUserAsync(path, UserVocabularyMode.Extend, TestContext.Current.CancellationToken);

        Assert.Equal(TagVocabulary.Default.Concepts.Count + 1, vocabulary.Concepts.Count);
        Assert.Equal(new TagConcept("Dog", "animal", "our dog Rex"), vocabulary.Concepts.Single(c => c.Name.Equals("dog", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(new TagConcept("drone", "object"), vocabulary.Concepts[^1]);
    }

    [Fact]
    public async Task UserVocabularyCanReplaceTheDefault()
    {
        var path = folder.Write("tags.txt", "object: drone\nscene: our garden\n");

        var vocabulary = await TagVocabulary.LoadUserAsync(path, UserVocabularyMode.Replace, TestContext.Current.CancellationToken);

        Assert.Equal(["drone", "our garden"], vocabulary.Concepts.Select(c => c.Name));
    }

    public void Dispose() => folder.Dispose();
}
