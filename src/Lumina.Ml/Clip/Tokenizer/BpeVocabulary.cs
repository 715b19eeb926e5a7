namespace Lumina.Ml.Clip.Tokenizer;

/// <summary>Token ids and merge ranks of a byte-level BPE with CLIP's end-of-word suffix.</summary>
internal sealed class BpeVocabulary
{
    public const string EndOfWord = "</w>";
    public const string StartOfText = "<|startoftext|>";
    public const string EndOfText = "<|endoftext|>";

    /// <summary>CLIP keeps the first 49,152 - 256 - 2 merges of its file: 49,408 tokens in all.</summary>
    public const int ClipMergeCount = 48_894;

    public BpeVocabulary(IReadOnlyDictionary<string, int> ids, IReadOnlyList<(string First, string Second)> merges)
    {
        Ids = ids;
        var ranks = new Dictionary<(string, string), int>(merges.Count);
        for (var rank = 0; rank < merges.Count; rank++)
        {
            ranks.TryAdd(merges[rank], rank);
        }

        Ranks = ranks;
        foreach (var special in new[] { StartOfText, EndOfText })
        {
            if (!ids.ContainsKey(special))
            {
                throw new InvalidDataException($"The tokenizer vocabulary has no {special} token.");
            }
        }
    }

    public IReadOnlyDictionary<string, int> Ids { get; }

    public IReadOnlyDictionary<(string First, string Second), int> Ranks { get; }

    /// <summary>
    /// The vocabulary CLIP builds when it has only merges: the 256 byte symbols, the same with
    /// "&lt;/w&gt;", each merge's result in rank order, then the start and end tokens.
    /// </summary>
    public static BpeVocabulary FromMergesOnly(IReadOnlyList<(string First, string Second)> merges)
    {
        var used = merges.Take(ClipMergeCount).ToList();
        var tokens = ByteSymbols.InVocabularyOrder.Select(symbol => symbol.ToString())
            .Concat(ByteSymbols.InVocabularyOrder.Select(symbol => symbol + EndOfWord))
            .Concat(used.Select(merge => merge.First + merge.Second))
            .Append(StartOfText)
            .Append(EndOfText);
        var ids = new Dictionary<string, int>();
        var position = 0;
        foreach (var token in tokens)
        {
            ids[token] = position++;
        }

        return new BpeVocabulary(ids, used);
    }
}
