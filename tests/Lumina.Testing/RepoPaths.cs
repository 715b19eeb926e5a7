using Xunit.Sdk;

namespace Lumina.Testing;

/// <summary>Where the repository and the shared test corpus are.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The shared corpus: LUMINA_CORPUS, or ../shared/corpus beside the repository.</summary>
    public static string? Corpus
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("LUMINA_CORPUS") is { Length: > 0 } configured
                ? configured
                : Path.GetFullPath(Path.Combine(Root, "..", "shared", "corpus"));
            return Directory.Exists(path) ? path : null;
        }
    }

    /// <summary>A folder of the shared corpus, or skips the calling test with a message saying it is absent.</summary>
    public static string RequireCorpus(string relative)
    {
        var corpus = Corpus;
        var path = corpus is null ? null : Path.Combine(corpus, relative);
        return path is not null && Path.Exists(path)
            ? path
            : throw SkipException.ForSkip(
                $"The shared corpus folder '{relative}' is absent (set LUMINA_CORPUS or place it at ../shared/corpus).");
    }

    private static string FindRoot()
    {
        for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Lumina.Functions.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException("Lumina.Functions.sln not found above " + AppContext.BaseDirectory);
    }
}
