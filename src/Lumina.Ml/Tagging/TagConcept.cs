namespace Lumina.Ml.Tagging;

/// <summary>A tag the auto-tagger can give: its name, its category, and how prompts name it when that differs from the default.</summary>
public sealed record TagConcept(string Name, string Category, string? Phrase = null);
