using Lumina.Imaging.Analysis;
using Lumina.Testing;

namespace Lumina.Imaging.Tests;

/// <summary>Camera identity and burst markers from real files (values checked with exiftool).</summary>
public sealed class MakerNoteCorpusTests
{
    private static readonly ImageAnalyzer Analyzer = new(new AnalysisSettings());

    [Theory]
    [InlineData("metadata-extractor-images/jpg/Issue 122.jpg", 3)]
    [InlineData("metadata-extractor-images/jpg/Canon PowerShot A40.jpg", 1)]
    public void ReadsCanonSequenceNumbers(string file, int sequence)
    {
        var exif = Analyze(file).Exif;

        Assert.Equal(sequence, exif.SequenceNumber);
    }

    [Theory]
    [InlineData("exifr/issue-exifr-13.jpg", "0K8TFBK0020618")]
    [InlineData("exifr/issue-exifr-59.jpg", "123063022888")]
    public void ReadsBodySerialNumbers(string file, string serial)
    {
        Assert.Equal(serial, Analyze(file).Exif.SerialNumber);
    }

    private static ImageAnalysis Analyze(string file) =>
        Analyzer.Analyze(File.ReadAllBytes(Path.Combine(RepoPaths.RequireCorpus("exif"), file)), TestContext.Current.CancellationToken);
}
