using Lumina.Core.Duplicates;

namespace Lumina.Imaging.Tests;

/// <summary>The original is the best pick of a group of it and a degraded or edited copy of it.</summary>
public sealed class BestPickTests(GeneratedCopies copies) : IClassFixture<GeneratedCopies>
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
}
