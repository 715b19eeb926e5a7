namespace Lumina.Ml.Clip.Tokenizer;

/// <summary>
/// Where a CLIP tokenizer comes from. <paramref name="Source"/> is a <c>tokenizer.json</c>, a
/// <c>merges.txt</c>, or OpenAI's <c>bpe_simple_vocab_16e6.txt.gz</c>; <paramref name="Vocabulary"/>
/// a <c>vocab.json</c> going with a merges file (without one, the vocabulary is built from the
/// merges as CLIP does); <paramref name="Config"/> a <c>tokenizer_config.json</c> naming the pad token.
/// </summary>
public sealed record ClipTokenizerFiles(string Source, string? Vocabulary = null, string? Config = null)
{
    public const string TokenizerJson = "tokenizer.json";
    public const string MergesText = "merges.txt";
    public const string VocabularyJson = "vocab.json";
    public const string TokenizerConfig = "tokenizer_config.json";
    public const string OpenAiMerges = "bpe_simple_vocab_16e6.txt.gz";

    /// <summary>
    /// The tokenizer files in the first folder that has some, preferring in each folder
    /// merges.txt with vocab.json, then tokenizer.json, then merges.txt alone, then OpenAI's file.
    /// </summary>
    public static ClipTokenizerFiles? Find(params IEnumerable<string> folders)
    {
        foreach (var folder in folders)
        {
            string? Existing(string name) => File.Exists(Path.Combine(folder, name)) ? Path.Combine(folder, name) : null;

            var config = Existing(TokenizerConfig);
            var merges = Existing(MergesText);
            var vocabulary = Existing(VocabularyJson);
            var source = merges is not null && vocabulary is not null ? merges
                : Existing(TokenizerJson) ?? merges ?? Existing(OpenAiMerges);
            if (source is not null)
            {
                return new ClipTokenizerFiles(source, source == merges ? vocabulary : null, config);
            }
        }

        return null;
    }
}
