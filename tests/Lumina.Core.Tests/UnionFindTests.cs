using Lumina.Core.Collections;

namespace Lumina.Core.Tests;

public sealed class UnionFindTests
{
    [Fact]
    public void UnionsJoinSetsTransitively()
    {
        var sets = new UnionFind(6);

        Assert.True(sets.Union(0, 3));
        Assert.True(sets.Union(3, 5));
        Assert.False(sets.Union(5, 0));
        Assert.True(sets.Union(1, 2));

        Assert.Equal(sets.Find(0), sets.Find(5));
        Assert.NotEqual(sets.Find(0), sets.Find(1));
        Assert.Equal([[0, 3, 5], [1, 2], [4]], sets.Sets());
        Assert.Equal([[0, 3, 5], [1, 2]], sets.Sets(minimumSize: 2));
    }

    [Fact]
    public void SetsAgreeWithAReferenceLabellingWhateverTheUnionOrder()
    {
        var random = new Random(17);
        const int count = 2000;
        var pairs = Enumerable.Range(0, 1500).Select(_ => (random.Next(count), random.Next(count))).ToArray();

        // Reference: relabel by flooding until nothing changes.
        var label = Enumerable.Range(0, count).ToArray();
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (a, b) in pairs)
            {
                var low = Math.Min(label[a], label[b]);
                changed |= label[a] != low || label[b] != low;
                label[a] = label[b] = low;
            }
        }

        var expected = Enumerable.Range(0, count).GroupBy(i => label[i]).Where(g => g.Count() >= 2).Select(g => g.ToArray()).OrderBy(g => g[0]).ToArray();
        var forward = new UnionFind(count);
        var backward = new UnionFind(count);
        foreach (var (a, b) in pairs)
        {
            forward.Union(a, b);
        }

        foreach (var (a, b) in pairs.Reverse())
        {
            backward.Union(b, a);
        }

        Assert.Equal(expected, forward.Sets(2));
        Assert.Equal(expected, backward.Sets(2));
    }

    [Fact]
    public void LongChainsStayCorrect()
    {
        var sets = new UnionFind(100_000);
        for (var i = 1; i < sets.Count; i++)
        {
            sets.Union(i - 1, i);
        }

        Assert.Equal(sets.Find(0), sets.Find(99_999));
        Assert.Single(sets.Sets(2));
    }

    [Fact]
    public void RejectsElementsOutsideTheSets()
    {
        var sets = new UnionFind(3);

        Assert.Throws<ArgumentOutOfRangeException>(() => sets.Find(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => sets.Union(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UnionFind(-1));
        Assert.Empty(new UnionFind(0).Sets());
    }
}
