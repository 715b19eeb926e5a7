using System.IO.Compression;
using System.Text.Json;

namespace Lumina.Ml.Clip.Tokenizer;

/// <summary>Reads the tokenizer file formats: merges lists (plain or gzip), vocab.json, tokenizer.json, tokenizer_config.json.</summary>
internal static class TokenizerFileReader
{
    public static async Task<BpeVocabulary> ReadAsync(ClipTokenizerFiles files, CancellationToken cancellationToken)
    {
        if (files.Source.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return await ReadTokenizerJsonAsync(files.Source, cancellationToken);
        }

        var merges = await ReadMergesAsync(files.Source, cancellationToken);
        if (files.Vocabulary is null)
        {
            return BpeVocabulary.FromMergesOnly(merges);
        }

        await using var stream = File.OpenRead(files.Vocabulary);
        var ids = await JsonSerializer.DeserializeAsync<Dictionary<string, int>>(stream, cancellationToken: cancellationToken)
            ?? throw new InvalidDataException($"'{files.Vocabulary}' holds no vocabulary.");
        return new BpeVocabulary(ids, merges);
    }

    /// <summary>The pad token's id from tokenizer_config.json's pad_token, when there is one the vocabulary knows.</summary>
    public static async Task<int?> ReadPadIdAsync(string? configPath, BpeVocabulary vocabulary, CancellationToken cancellationToken)
    {
        if (configPath is null)
        {
            return null;
        }

        await using var stream = File.OpenRead(configPath);
        using var config = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        if (!config.RootElement.TryGetProperty("pad_token", out var pad))
        {
            return null;
        }

        var token = pad.ValueKind == JsonValueKind.Object && pad.TryGetProperty("content", out var content) ? content.GetString()
            : pad.ValueKind == JsonValueKind.String ? pad.GetString()
            : null;
        return token is not null && vocabulary.Ids.TryGetValue(token, out var id) ? id : null;
    }

    private static async Task<List<(string First, string Second)>> ReadMergesAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        await using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        var merges = new List<(string, string)>();
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if ((lineNumber == 1 && line.Contains("#version", StringComparison.Ordinal)) || line.Length == 0)
            {
                continue;
            }

            merges.Add(ParseMerge(line, $"{path}:{lineNumber}"));
        }

        return merges;
    }

    private static async Task<BpeVocabulary> ReadTokenizerJsonAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        var root = document.RootElement;
        if (!root.TryGetProperty("model", out var model) || !model.TryGetProperty("type", out var type) || type.GetString() != "BPE")
        {
            throw new InvalidDataException($"'{path}' does not describe a BPE tokenizer (model.type should be \"BPE\").");
        }

        var ids = new Dictionary<string, int>();
        foreach (var entry in model.GetProperty("vocab").EnumerateObject())
        {
            ids[entry.Name] = entry.Value.GetInt32();
        }

        if (root.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array)
        {
            foreach (var token in added.EnumerateArray())
            {
                ids.TryAdd(token.GetProperty("content").GetString()!, token.GetProperty("id").GetInt32());
            }
        }

        // Older files list a merge as "first second", newer ones as ["first", "second"].
        var merges = model.GetProperty("merges").EnumerateArray()
            .Select((merge, index) => merge.ValueKind == JsonValueKind.Array
                ? (merge[0].GetString()!, merge[1].GetString()!)
                : ParseMerge(merge.GetString()!, $"{path} merge {index}"))
            .ToList();
        return new BpeVocabulary(ids, merges);
    }

    private static (string, string) ParseMerge(string line, string where)
    {
        var parts = line.Split(' ');
        return parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0
            ? (parts[0], parts[1])
            : throw new InvalidDataException($"{where}: a merge is two symbols separated by one space, not '{line}'.");
    }
}
