namespace Lumina.Ml.Tagging;

/// <summary>How a user's vocabulary combines with Lumina's default one.</summary>
public enum UserVocabularyMode
{
    /// <summary>The default concepts plus the user's; a user concept with a default concept's name replaces it.</summary>
    Extend,

    /// <summary>Only the user's concepts.</summary>
    Replace,
}

/// <summary>
/// The concepts auto-tagging chooses from. Text format: one concept per line, <c>category: concept</c>
/// or <c>category: concept | prompt phrase</c>; <c>#</c> starts a comment line. Names are unique, ignoring case.
/// </summary>
public sealed class TagVocabulary
{
    private const string DefaultResource = "Lumina.Ml.Tagging.default-vocabulary.txt";

    private static readonly Lazy<TagVocabulary> DefaultVocabulary = new(() =>
    {
        using var stream = typeof(TagVocabulary).Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException($"The embedded resource {DefaultResource} is missing from Lumina.Ml.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "Lumina's default vocabulary");
    });

    private TagVocabulary(IReadOnlyList<TagConcept> concepts)
    {
        Concepts = concepts;
    }

    /// <summary>Lumina's shipped vocabulary: scenes, objects, animals, vehicles, plants, food, people, events, activities, weather and times of day.</summary>
    public static TagVocabulary Default => DefaultVocabulary.Value;

    public IReadOnlyList<TagConcept> Concepts { get; }

    /// <exception cref="FormatException">A line is not <c>category: concept</c>, or a name repeats; the message gives the line.</exception>
    public static TagVocabulary Parse(string text, string source)
    {
        var concepts = new List<TagConcept>();
        var lineOf = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var lines = text.Split('\n');
        for (var number = 1; number <= lines.Length; number++)
        {
            var line = lines[number - 1].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':');
            var bar = line.IndexOf('|');
            var category = colon > 0 ? line[..colon].Trim() : "";
            var name = colon > 0 ? (bar > colon ? line[(colon + 1)..bar] : line[(colon + 1)..]).Trim() : "";
            var phrase = bar > colon ? line[(bar + 1)..].Trim() : null;
            if (category.Length == 0 || name.Length == 0 || phrase is { Length: 0 })
            {
                throw new FormatException($"{source}, line {number}: expected 'category: concept' or 'category: concept | prompt phrase', not '{line}'.");
            }

            if (!lineOf.TryAdd(name, number))
            {
                throw new FormatException($"{source}, line {number}: the concept '{name}' is already on line {lineOf[name]}.");
            }

            concepts.Add(new TagConcept(name, category, phrase));
        }

        return new TagVocabulary(concepts);
    }

    /// <summary>Reads a user's vocabulary file and combines it with the default one.</summary>
    public static async Task<TagVocabulary> LoadUserAsync(string path, UserVocabularyMode mode, CancellationToken cancellationToken = default)
    {
        var user = Parse(await File.ReadAllTextAsync(path, cancellationToken), path);
        return mode == UserVocabularyMode.Replace ? user : Default.ExtendedWith(user);
    }

    /// <summary>These concepts, each replaced by the other vocabulary's concept of the same name, then the other's new ones.</summary>
    public TagVocabulary ExtendedWith(TagVocabulary other)
    {
        var overrides = other.Concepts.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        var kept = Concepts.Select(c => overrides.GetValueOrDefault(c.Name, c)).ToList();
        var names = kept.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new TagVocabulary([.. kept, .. other.Concepts.Where(c => !names.Contains(c.Name))]);
    }
}
