using Lumina.Imaging.Analysis;
using Lumina.Testing;

namespace Lumina.Imaging.Tests;

/// <summary>EXIF warnings say what could not be read, never a .NET exception's text, and never contradict what was read.</summary>
public sealed class ExifWarningsTests
{
    private static readonly ImageAnalyzer Analyzer = new(new AnalysisSettings());

    /// <summary>Phrases of .NET's own exception messages, which mean nothing to a photographer.</summary>
    private static readonly string[] RuntimePhrases =
    [
        "Index was out of range", "(Parameter '", "Object reference not set", "Value was either too large or too small",
        "Arithmetic operation resulted in an overflow", "Unable to read beyond the end of the stream", "Specified argument was out of the range",
    ];

    [Fact]
    public void AJpegXlWhoseDateAndGpsWereReadCarriesNoUnreadableWarning()
    {
        var file = Path.Combine(RepoPaths.RequireCorpus("exif"), "exif-py", "jxl", "test_0001.jxl");

        var exif = Analyzer.Analyze(File.ReadAllBytes(file), TestContext.Current.CancellationToken).Exif;

        Assert.NotNull(exif.DateTimeOriginal);
        Assert.NotNull(exif.Latitude);
        Assert.Empty(exif.Problems);
    }

    [Fact]
    public void AHeifWhoseBoxesBreakTheReaderSaysWhatCouldNotBeReadAndKeepsItsExif()
    {
        var file = Path.Combine(RepoPaths.RequireCorpus("exif"), "exif-py", "heic", "mobile", "HMD_Nokia_8.3_5G_hdr.heif");

        var exif = Analyzer.Analyze(File.ReadAllBytes(file), TestContext.Current.CancellationToken).Exif;

        Assert.NotNull(exif.DateTime);
        Assert.NotNull(exif.Latitude);
        var problem = Assert.Single(exif.Problems);
        Assert.Equal("the heif container's own metadata could not be read (its structure is malformed); its EXIF was read all the same", problem);
    }

    [Fact]
    public void NoWarningOnAnyCorpusFileQuotesARuntimeException()
    {
        var corpus = RepoPaths.RequireCorpus(".");
        var files = new[] { "exif", "dups", "edge" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(corpus, folder), "*", SearchOption.AllDirectories))
            .Where(f => !f.EndsWith(".csv", StringComparison.Ordinal) && !f.EndsWith(".md", StringComparison.Ordinal))
            .ToList();
        Assert.True(files.Count > 250, $"only {files.Count} corpus files");

        var quoted = new List<string>();
        foreach (var file in files)
        {
            var problems = Analyzer.Analyze(File.ReadAllBytes(file), TestContext.Current.CancellationToken).Exif.Problems;
            quoted.AddRange(problems.Where(p => RuntimePhrases.Any(p.Contains)).Select(p => $"{Path.GetRelativePath(corpus, file)}: {p}"));
        }

        Assert.True(quoted.Count == 0, string.Join("\n", quoted));
    }

    [Fact]
    public void AMalformedHeifSaysItsMetadataCouldNotBeRead()
    {
        var file = Path.Combine(RepoPaths.RequireCorpus("edge"), "metadata-extractor-images__NegativeArraySizeException.ItemInfoBox.init.heif");

        var analysis = Analyzer.Analyze(File.ReadAllBytes(file), TestContext.Current.CancellationToken);

        var problem = Assert.Single(analysis.Exif.Problems);
        Assert.StartsWith("the heif container's metadata could not be read: ", problem);
    }
}
