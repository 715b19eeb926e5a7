using Lumina.Core.Hashing;
using Lumina.Imaging.Analysis;
using Lumina.Testing;

namespace Lumina.Imaging.Tests;

/// <summary>Hash distances on the corpus' labelled near-duplicate groups (dups/labels.csv).</summary>
public sealed class DuplicateCorpusTests
{
    private const int Threshold = 5;

    [Fact]
    public void LabelledDuplicatesAreWithinFiveBitsAndUnrelatedImagesAreNot()
    {
        var folder = RepoPaths.RequireCorpus("dups");
        var analyzer = new ImageAnalyzer(new AnalysisSettings());
        var images = File.ReadLines(Path.Combine(folder, "labels.csv")).Skip(1)
            .Select(line => line.Split(','))
            .Select(f => (File: f[0], Group: f[1].StartsWith("single", StringComparison.Ordinal) ? f[0] : f[1],
                Pixels: analyzer.Analyze(File.ReadAllBytes(Path.Combine(folder, f[0])), TestContext.Current.CancellationToken).Pixels))
            .ToList();
        Assert.All(images, i => Assert.NotNull(i.Pixels));

        int truePositives = 0, falsePositives = 0, labelled = 0;
        var unrelatedDistances = new List<int>();
        for (var i = 0; i < images.Count; i++)
        {
            for (var j = i + 1; j < images.Count; j++)
            {
                var distance = Distance(images[i].Pixels!, images[j].Pixels!);
                var same = images[i].Group == images[j].Group;
                labelled += same ? 1 : 0;
                truePositives += same && distance <= Threshold ? 1 : 0;
                falsePositives += !same && distance <= Threshold ? 1 : 0;
                if (!same)
                {
                    unrelatedDistances.Add(distance);
                }
            }
        }

        var precision = truePositives / (double)(truePositives + falsePositives);
        var recall = truePositives / (double)labelled;
        var report = $"precision {precision:F3}, recall {recall:F3} over {labelled} labelled pairs; median unrelated distance {unrelatedDistances.Order().ElementAt(unrelatedDistances.Count / 2)}";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Assert.True(precision >= 0.98, report);
        Assert.True(recall >= 0.90, report);
        Assert.True(unrelatedDistances.Order().ElementAt(unrelatedDistances.Count / 2) >= 24, report);
    }

    /// <summary>The smallest dHash distance between one image and the other or its flipped and cropped views.</summary>
    private static int Distance(DecodedImage a, DecodedImage b) =>
        new[] { a.Hashes.Difference }.Concat(a.Variants.All)
            .SelectMany(x => new[] { (x, b.Hashes.Difference) }.Concat(b.Variants.All.Select(y => (a.Hashes.Difference, y))))
            .Min(p => ImageHashes.Distance(p.Item1, p.Item2));
}
