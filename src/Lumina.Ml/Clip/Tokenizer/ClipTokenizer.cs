using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Lumina.Ml.Clip.Tokenizer;

/// <summary>
/// CLIP's byte-level BPE tokenizer: cleans and lower-cases the text, splits it with CLIP's
/// pre-tokenization pattern, maps each piece's UTF-8 bytes to byte symbols, applies the merges in
/// rank order, and wraps the ids in the start and end tokens within the context length. Thread-safe.
/// </summary>
public sealed partial class ClipTokenizer
{
    public const int DefaultContextLength = 77;

    private const int CacheLimit = 100_000;

    private readonly BpeVocabulary vocabulary;
    private readonly ConcurrentDictionary<string, int[]> cache = new(StringComparer.Ordinal);

    private ClipTokenizer(BpeVocabulary vocabulary, int padId, int contextLength)
    {
        this.vocabulary = vocabulary;
        PadId = padId;
        ContextLength = contextLength;
        StartOfText = vocabulary.Ids[BpeVocabulary.StartOfText];
        EndOfText = vocabulary.Ids[BpeVocabulary.EndOfText];
    }

    public int StartOfText { get; }

    public int EndOfText { get; }

    /// <summary>Fills a row after the end token: tokenizer_config.json's pad_token, or 0 as OpenAI's CLIP pads.</summary>
    public int PadId { get; }

    /// <summary>Tokens per row, start and end included.</summary>
    public int ContextLength { get; }

    public int VocabularySize => vocabulary.Ids.Count;

    /// <exception cref="InvalidDataException">A file is not in the format its name says.</exception>
    public static async Task<ClipTokenizer> LoadAsync(ClipTokenizerFiles files, int contextLength = DefaultContextLength, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(contextLength, 2);
        var vocabulary = await TokenizerFileReader.ReadAsync(files, cancellationToken);
        var padId = await TokenizerFileReader.ReadPadIdAsync(files.Config, vocabulary, cancellationToken) ?? 0;
        return new ClipTokenizer(vocabulary, padId, contextLength);
    }

    /// <summary>
    /// The ids of a text: start token, the text's tokens, end token. A text too long for the context
    /// is cut, and the last place given to the end token, as CLIP's tokenize(truncate=True) does.
    /// </summary>
    public int[] Encode(string text)
    {
        var ids = new List<int> { StartOfText };
        foreach (Match piece in PreTokenizer().Matches(Clean(text)))
        {
            ids.AddRange(EncodePiece(piece.Value));
            if (ids.Count >= ContextLength)
            {
                break;
            }
        }

        if (ids.Count >= ContextLength)
        {
            ids.RemoveRange(ContextLength - 1, ids.Count - ContextLength + 1);
        }

        ids.Add(EndOfText);
        return [.. ids];
    }

    /// <summary>Like CLIP's basic_clean and whitespace_clean, then lower-casing (ftfy's repairs are not done).</summary>
    private static string Clean(string text)
    {
        var unescaped = WebUtility.HtmlDecode(WebUtility.HtmlDecode(text)).Normalize(NormalizationForm.FormC);
        return Whitespace().Replace(unescaped, " ").Trim().ToLowerInvariant();
    }

    private int[] EncodePiece(string piece)
    {
        if (cache.TryGetValue(piece, out var known))
        {
            return known;
        }

        int[] ids = piece is BpeVocabulary.StartOfText or BpeVocabulary.EndOfText
            ? [vocabulary.Ids[piece]]
            : Merge(ToByteSymbols(piece));
        if (cache.Count < CacheLimit)
        {
            cache.TryAdd(piece, ids);
        }

        return ids;
    }

    private static List<string> ToByteSymbols(string piece)
    {
        var bytes = Encoding.UTF8.GetBytes(piece);
        var symbols = new List<string>(bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            var symbol = ByteSymbols.OfByte[bytes[i]].ToString();
            symbols.Add(i == bytes.Length - 1 ? symbol + BpeVocabulary.EndOfWord : symbol);
        }

        return symbols;
    }

    /// <summary>Repeatedly merges every occurrence of the lowest-ranked adjacent pair, as CLIP's bpe() does.</summary>
    private int[] Merge(List<string> symbols)
    {
        while (symbols.Count > 1)
        {
            var best = -1;
            var bestRank = int.MaxValue;
            for (var i = 0; i < symbols.Count - 1; i++)
            {
                if (vocabulary.Ranks.TryGetValue((symbols[i], symbols[i + 1]), out var rank) && rank < bestRank)
                {
                    (best, bestRank) = (i, rank);
                }
            }

            if (best < 0)
            {
                break;
            }

            var (first, second) = (symbols[best], symbols[best + 1]);
            var merged = new List<string>(symbols.Count - 1);
            for (var i = 0; i < symbols.Count; i++)
            {
                if (i < symbols.Count - 1 && symbols[i] == first && symbols[i + 1] == second)
                {
                    merged.Add(first + second);
                    i++;
                }
                else
                {
                    merged.Add(symbols[i]);
                }
            }

            symbols = merged;
        }

        return [.. symbols.Select(symbol => vocabulary.Ids.TryGetValue(symbol, out var id)
            ? id
            : throw new InvalidDataException($"The token '{symbol}' made by the merges is not in the vocabulary; the merges and vocabulary files do not belong together."))];
    }

    [GeneratedRegex(@"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+", RegexOptions.IgnoreCase)]
    private static partial Regex PreTokenizer();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
