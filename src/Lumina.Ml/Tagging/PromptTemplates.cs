namespace Lumina.Ml.Tagging;

/// <summary>
/// The sentences each concept is described by. CLIP was trained on captions, so "a photo of a dog."
/// matches dog photos better than "dog"; several phrasings per concept, averaged, smooth out the
/// quirks of any one (prompt ensembling). Each category has its own templates; "{}" takes the concept's
/// phrase: the line's own phrase when it has one, else the name with "a"/"an" for countable categories,
/// "at" before a time of day, and the bare name otherwise.
/// </summary>
public static class PromptTemplates
{
    private static readonly (string[] Templates, Func<string, string> Phrase) Generic = (["a photo of {}.", "a picture of {}."], Bare);

    private static readonly Dictionary<string, (string[] Templates, Func<string, string> Phrase)> ByCategory = new(StringComparer.OrdinalIgnoreCase)
    {
        ["scene"] = (["a photo of {}.", "a wide-angle photo of {}.", "a picture of {}."], WithArticle),
        ["object"] = (["a photo of {}.", "a close-up photo of {}.", "a good photo of {}."], WithArticle),
        ["animal"] = (["a photo of {}.", "a close-up photo of {}.", "a good photo of {}."], WithArticle),
        ["vehicle"] = (["a photo of {}.", "a picture of {}.", "a good photo of {}."], WithArticle),
        ["plant"] = (["a photo of {}.", "a close-up photo of {}.", "a picture of {}."], WithArticle),
        ["people"] = (["a photo of {}.", "a portrait of {}.", "a candid photo of {}."], WithArticle),
        ["event"] = (["a photo of {}.", "a photo taken at {}.", "a picture from {}."], WithArticle),
        ["food"] = (["a photo of {}, a type of food.", "a close-up photo of {}.", "a photo of a plate with {}."], Bare),
        ["activity"] = (["a photo of a person {}.", "a photo of people {}.", "a picture of someone {}."], Bare),
        ["weather"] = (["a photo taken in {} weather.", "a landscape in {} weather.", "an outdoor picture in {} weather."], Bare),
        ["time of day"] = (["a photo taken {}.", "a picture taken {}.", "a landscape photo taken {}."], name => "at " + name),
    };

    /// <summary>Generic captions; their averaged embedding is the baseline a concept must beat to be tagged.</summary>
    public static IReadOnlyList<string> Neutral { get; } = ["a photo.", "a picture.", "an image.", "a photo of something."];

    /// <summary>The prompts describing a concept: its category's templates (two generic ones for an unknown category) filled with its phrase.</summary>
    public static IReadOnlyList<string> For(TagConcept concept)
    {
        var (templates, defaultPhrase) = ByCategory.GetValueOrDefault(concept.Category, Generic);
        var phrase = concept.Phrase ?? defaultPhrase(concept.Name);
        return [.. templates.Select(template => template.Replace("{}", phrase, StringComparison.Ordinal))];
    }

    private static string Bare(string name) => name;

    private static string WithArticle(string noun) => ("aeiou".Contains(char.ToLowerInvariant(noun[0])) ? "an " : "a ") + noun;
}
