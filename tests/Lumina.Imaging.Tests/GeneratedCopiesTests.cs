using Lumina.Core.Duplicates;

namespace Lumina.Imaging.Tests;

/// <summary>
/// On copies of real photos: the original is the best pick of a group of it and a degraded or edited copy,
/// and near-duplicate detection finds the copies without joining different photos.
/// </summary>
public sealed class GeneratedCopiesTests(GeneratedCopies copies) : IClassFixture<GeneratedCopies>
{
    [Fact]
    public void TheOriginalIsKeptOverItsCopies()
    {
        var images = copies.Images;
        var losses = new List<string>();
        var groups = 0;
        foreach (var original in images.Where(i => i.Edit == "original"))
        {
            foreach (var copy in images.Where(i => i.Original == original.Original && GeneratedCopies.PickEdits.Contains(i.Edit)))
            {
                // Both orders of ids, so the lower id (the first catalogued) cannot be what makes the original win.
                foreach (var (originalId, copyId) in new[] { (1L, 2L), (2L, 1L) })
                {
                    var group = DuplicateDetector.FindGroups(
                        [GeneratedCopies.Candidate(originalId, original.Analysis), GeneratedCopies.Candidate(copyId, copy.Analysis)], DuplicateDetector.MaxThreshold).SingleOrDefault();
                    groups++;
                    if (group?.BestId != originalId)
                    {
                        losses.Add($"{original.Original} lost to {copy.Edit}: {group?.Members.Single(m => m.Id == originalId).BestReason ?? "not grouped"}");
                    }
                }
            }
        }

        var won = groups - losses.Count;
        var report = $"original named best in {won} of {groups} generated groups ({100.0 * won / groups:F1} %)\n{string.Join("\n", losses.Distinct())}";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Assert.True(groups == GeneratedCopies.Originals * GeneratedCopies.PickEdits.Count * 2, report);
        Assert.True(won >= 0.95 * groups, report);
    }

    [Fact]
    public void EveryCopySaysWhyTheOriginalIsKept()
    {
        var images = copies.Images;
        var original = images.First(i => i.Edit == "original");
        string Reason(string edit) => DuplicateDetector.FindGroups(
            [GeneratedCopies.Candidate(1, original.Analysis), GeneratedCopies.Candidate(2, images.Single(i => i.Original == original.Original && i.Edit == edit).Analysis)],
            DuplicateDetector.MaxThreshold).Single().Members.Single(m => m.Id == 2).BestReason;

        Assert.Equal($"less lossy (JPEG quality ~{original.Analysis.JpegQuality} vs ~30)", Reason("q30"));
        Assert.Equal("colour, the other is grey", Reason("grey"));
        Assert.StartsWith("most pixels (", Reason("0.97x"), StringComparison.Ordinal);
        Assert.Equal("original format (jpeg, the other is png)", Reason("png"));
    }

    [Fact]
    public void NearDuplicatePrecisionAndRecallOnCropsRotationsEditsAndReencodes()
    {
        var images = copies.Images.ToList();
        var groups = DuplicateDetector.FindGroups(images.Select((image, id) => GeneratedCopies.Candidate(id, image.Analysis)));
        var found = groups.SelectMany(g => g.Members.Select(m => (m.Id, g.BestId))).ToDictionary(x => (int)x.Id, x => x.BestId);
        long Pairs<T>(IEnumerable<IGrouping<T, int>> sets) => sets.Sum(s => (long)s.Count() * (s.Count() - 1) / 2);
        var ids = Enumerable.Range(0, images.Count).ToList();
        var truePairs = Pairs(ids.GroupBy(i => images[i].Original));
        var foundPairs = Pairs(ids.Where(found.ContainsKey).GroupBy(i => found[i]));
        var bothPairs = Pairs(ids.Where(found.ContainsKey).GroupBy(i => (found[i], images[i].Original)));
        var (precision, recall) = (bothPairs / (double)foundPairs, bothPairs / (double)truePairs);

        // Per edit: the share of copies in their original's group.
        var missed = images.Select((image, id) => (image, id)).Where(x => x.image.Edit != "original")
            .GroupBy(x => x.image.Edit)
            .Select(g => $"{g.Key} {g.Count(x => found.TryGetValue(x.id, out var best) && found.TryGetValue(images.FindIndex(i => i.Original == x.image.Original && i.Edit == "original"), out var originalBest) && best == originalBest)}/{g.Count()}");
        var report = $"generated copies: pairwise precision {precision:F3}, recall {recall:F3} over {truePairs} true pairs ({images.Count} images); with their original: {string.Join(", ", missed)}";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Assert.True(precision >= 0.98, report);
        Assert.True(recall >= 0.90, report);
    }
}
