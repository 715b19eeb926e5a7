using Lumina.Ml.Clip.Tokenizer;
using Lumina.Testing;

namespace Lumina.Ml.Tests;

/// <summary>OpenAI's CLIP merges file, kept in LUMINA_CLIP_DATA or ../shared/clip beside the repository.</summary>
internal static class SharedClipData
{
    private static readonly Lazy<Task<ClipTokenizer>> OpenAi = new(() => ClipTokenizer.LoadAsync(new ClipTokenizerFiles(OpenAiMergesPath)));

    public static string OpenAiMergesPath
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable("LUMINA_CLIP_DATA") is { Length: > 0 } configured
                ? configured
                : Path.Combine(RepoPaths.Root, "..", "shared", "clip");
            var path = Path.GetFullPath(Path.Combine(folder, ClipTokenizerFiles.OpenAiMerges));
            return File.Exists(path)
                ? path
                : throw Xunit.Sdk.SkipException.ForSkip($"The CLIP merges file is absent: expected at {path} (set LUMINA_CLIP_DATA or place it at ../shared/clip beside the repository).");
        }
    }

    /// <summary>The tokenizer built from OpenAI's file, loaded once for all tests.</summary>
    public static Task<ClipTokenizer> OpenAiTokenizer => OpenAi.Value;

    /// <summary>The merges CLIP uses (the header line dropped), as the lines of a merges.txt.</summary>
    public static async Task<string[]> MergeLinesAsync(CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(OpenAiMergesPath);
        await using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var lines = new List<string>();
        await reader.ReadLineAsync(cancellationToken);
        while (lines.Count < 48_894 && await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lines.Add(line);
        }

        return [.. lines];
    }
}
