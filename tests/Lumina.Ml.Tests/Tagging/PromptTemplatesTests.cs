using Lumina.Ml.Tagging;

namespace Lumina.Ml.Tests.Tagging;

public sealed class PromptTemplatesTests
{
    [Theory]
    [InlineData("animal", "dog", null, "a photo of a dog.")]
    [InlineData("animal", "owl", null, "a close-up photo of an owl.")]
    [InlineData("food", "pizza", null, "a photo of pizza, a type of food.")]
    [InlineData("time of day", "sunset", null, "a photo taken at sunset.")]
    [InlineData("time of day", "morning", "in the morning", "a photo taken in the morning.")]
    [InlineData("weather", "foggy", null, "a photo taken in foggy weather.")]
    [InlineData("activity", "hiking", null, "a photo of a person hiking.")]
    [InlineData("event", "wedding", null, "a photo taken at a wedding.")]
    [InlineData("my stuff", "red kayak", null, "a photo of red kayak.")]
    public void FillsTheCategorysTemplatesWithThePhrase(string category, string name, string? phrase, string expectedPrompt)
    {
        var prompts = PromptTemplates.For(new TagConcept(name, category, phrase));

        Assert.Contains(expectedPrompt, prompts);
        Assert.True(prompts.Count >= 2);
    }

    [Fact]
    public void EveryDefaultConceptGetsPromptsThatNameIt()
    {
        foreach (var concept in TagVocabulary.Default.Concepts)
        {
            Assert.All(PromptTemplates.For(concept), prompt => Assert.Contains(concept.Phrase ?? concept.Name, prompt));
        }
    }
}
