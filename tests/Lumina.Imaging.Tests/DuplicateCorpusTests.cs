using Lumina.Core.Duplicates;
using Lumina.Imaging.Analysis;
using Lumina.Testing;

namespace Lumina.Imaging.Tests;

/// <summary>Duplicate groups on the corpus' labelled near-duplicate groups (dups/labels.csv).</summary>
public sealed class DuplicateCorpusTests
{
    [Fact]
    public void LabelledDuplicatesAreGroupedAndUnrelatedImagesAreNot()
    {
        var folder = RepoPaths.RequireCorpus("dups");
        var analyzer = new ImageAnalyzer(new AnalysisSettings());
        var images = File.ReadLines(Path.Combine(folder, "labels.csv")).Skip(1)
            .Select(line => line.Split(','))
            .Select(f => (File: f[0], Group: f[1].StartsWith("single", StringComparison.Ordinal) ? f[0] : f[1],
                Analysis: analyzer.Analyze(File.ReadAllBytes(Path.Combine(folder, f[0])), TestContext.Current.CancellationToken)))
            .ToList();
        Assert.All(images, i => Assert.NotNull(i.Analysis.Pixels));

        var found = DuplicateDetector.FindGroups(images.Select((image, id) => GeneratedCopies.Candidate(id, image.Analysis)))
            .SelectMany(g => g.Members.Select(m => (m.Id, g.BestId))).ToDictionary(x => (int)x.Id, x => x.BestId);
        int truePositives = 0, falsePositives = 0, labelled = 0;
        var missedPairs = new List<string>();
        var joinedPairs = new List<string>();
        for (var i = 0; i < images.Count; i++)
        {
            for (var j = i + 1; j < images.Count; j++)
            {
                var same = images[i].Group == images[j].Group;
                var grouped = found.TryGetValue(i, out var a) && found.TryGetValue(j, out var b) && a == b;
                labelled += same ? 1 : 0;
                truePositives += same && grouped ? 1 : 0;
                falsePositives += !same && grouped ? 1 : 0;
                if (same != grouped)
                {
                    (same ? missedPairs : joinedPairs).Add($"{images[i].File} ~ {images[j].File}");
                }
            }
        }

        var precision = truePositives / (double)(truePositives + falsePositives);
        var recall = truePositives / (double)labelled;
        var report = $"corpus: pairwise precision {precision:F3}, recall {recall:F3} over {labelled} labelled pairs at threshold {DuplicateDetector.DefaultThreshold}; not grouped: {string.Join("; ", missedPairs)}; wrongly grouped: {string.Join("; ", joinedPairs)}";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Assert.True(precision == 1, report);
        Assert.True(recall >= 0.95, report);
    }
}
