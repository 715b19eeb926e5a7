using Lumina.Core.Collections;
using Lumina.Core.Duplicates;
using Lumina.Core.Hashing;
using Lumina.Core.Picks;

namespace Lumina.Core.Tests;

public sealed class DuplicateDetectorTests
{
    [Fact]
    public void ExactCopiesGroupBySha256EvenWithoutHashes()
    {
        var scenes = new Scenes(1);
        var sha = scenes.Sha();
        DuplicateCandidate[] images =
        [
            Scenes.Image(3, 0xF0F0UL, null, sha),
            Scenes.Image(1, null, null, sha),
            Scenes.Image(2, null, null, sha.ToArray()),
            Scenes.Image(4, null, null, scenes.Sha()),
            Scenes.Image(5, null, null, null),
        ];

        var group = Assert.Single(DuplicateDetector.FindGroups(images));

        Assert.Equal(1, group.BestId);
        Assert.Equal([(1L, 0, false), (2L, 0, true), (3L, 0, true)], Shape(group));
    }

    [Fact]
    public void PairsLinkedByAnotherSignalJoinEvenWhenTheirHashesAreFar()
    {
        var scenes = new Scenes(7);
        DuplicateCandidate[] images =
        [
            scenes.Original(1, scenes.NewScene()), scenes.Original(2, scenes.NewScene()), scenes.Original(3, scenes.NewScene()),
        ];

        Assert.Empty(DuplicateDetector.FindGroups(images));
        var group = Assert.Single(DuplicateDetector.FindGroups(images, alsoLinked: [(3, 1), (99, 2)]));

        Assert.Equal([1L, 3L], group.Members.Select(m => m.Id).Order());
    }

    [Theory]
    [InlineData(5, true)]
    [InlineData(6, false)]
    public void NearDuplicatesJoinUpToTheThreshold(int bits, bool joined)
    {
        var scenes = new Scenes(2);
        var scene = scenes.NewScene();
        DuplicateCandidate[] images = [scenes.Original(1, scene), Scenes.Image(2, Bits.Flip(scenes.Random, scene.DHash, bits), null)];

        var groups = DuplicateDetector.FindGroups(images);

        Assert.Equal(joined, groups.Count == 1);
        Assert.Equal(joined ? [(1L, 0, false), (2L, bits, false)] : null, groups.SingleOrDefault() is { } group ? Shape(group) : null);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(2, true)]
    public void EachVariantFindsItsEditedCopyFromEitherSide(int variant, bool copyHasLowerId)
    {
        // Only the copy's dHash against the original's variant is close: the copy's own variants are random.
        var scenes = new Scenes(3 + variant);
        var scene = scenes.NewScene();
        var target = scene.Variants.All.ElementAt(variant);
        var copy = Scenes.Image(copyHasLowerId ? 1 : 2, Bits.Flip(scenes.Random, target, 3), scenes.NewScene().Variants);
        var original = scenes.Original(copyHasLowerId ? 2 : 1, scene);

        var group = Assert.Single(DuplicateDetector.FindGroups([original, copy]));

        Assert.Equal(3, group.Members.Single(m => m.Id == copy.Id).Distance + group.Members.Single(m => m.Id == original.Id).Distance);
        Assert.Empty(DuplicateDetector.FindGroups([original, copy with { DHash = Bits.Flip(scenes.Random, target, 9) }]));
    }

    [Fact]
    public void ChainsJoinThroughUnionFindAndDistancesAreMeasuredToTheBest()
    {
        var scenes = new Scenes(6);
        var a = Bits.Random(scenes.Random);
        var b = a ^ 0b1111UL;
        var c = b ^ (0b1111UL << 8);
        DuplicateCandidate[] images =
        [
            Scenes.Image(1, a, null) with { Traits = new(Quality: 0.9) },
            Scenes.Image(2, b, null),
            Scenes.Image(3, c, null),
        ];

        var group = Assert.Single(DuplicateDetector.FindGroups(images));

        Assert.Equal(1, group.BestId);
        Assert.Equal([(1L, 0, false), (2L, 4, false), (3L, 8, false)], Shape(group));
    }

    [Fact]
    public void TheBestImageFollowsThePickRulesAndEveryMemberSaysWhy()
    {
        var scenes = new Scenes(7);
        var sha = scenes.Sha();
        var scene = scenes.NewScene();
        DuplicateCandidate Copy(long id, PickTraits traits, byte[]? bytes = null) => scenes.Noisy(id, scene, 1) with { Sha256 = bytes ?? scenes.Sha(), Traits = traits };
        var original = new PickTraits(4000, 3000, "jpeg", 5_000_000, 92, 30, CameraExif: true, Quality: 40);
        DuplicateCandidate[] images =
        [
            Copy(1, original with { Width = 2000, Height = 1500, Quality = 90 }),
            Copy(2, original with { JpegQuality = 30, Quality = 95 }),
            Copy(3, original),
            Copy(4, original with { Colourfulness = 0.5, Quality = 99 }),
            Copy(5, original with { Format = "png", JpegQuality = null, FileSize = 20_000_000, Quality = 99 }),
            Copy(6, original, sha),
            Copy(7, original, sha),
        ];

        var group = Assert.Single(DuplicateDetector.FindGroups(images));

        Assert.Equal(3, group.BestId);
        var reasons = group.Members.ToDictionary(m => m.Id, m => m.BestReason);
        Assert.Equal("most pixels (12.0 MP vs 3.0 MP)", reasons[1]);
        Assert.Equal("less lossy (JPEG quality ~92 vs ~30)", reasons[2]);
        Assert.Equal("colour, the other is grey", reasons[4]);
        Assert.Equal("original format (jpeg, the other is png)", reasons[5]);
        Assert.Equal("equal on every rule; the first catalogued is kept", reasons[6]);
        Assert.Equal("equal on every rule; the first catalogued is kept", reasons[3]);
        Assert.Equal("identical file (same SHA-256)", Assert.Single(DuplicateDetector.FindGroups([images[5], images[6]])).Members[1].BestReason);
    }

    [Fact]
    public void AnImageWithoutADHashJoinsNearDuplicatesThroughItsExactCopy()
    {
        var scenes = new Scenes(8);
        var scene = scenes.NewScene();
        var sha = scenes.Sha();
        DuplicateCandidate[] images =
        [
            scenes.Original(1, scene) with { Sha256 = sha, Traits = new(Quality: 0.1) },
            Scenes.Image(2, null, null, sha),
            scenes.Noisy(3, scene, 2) with { Traits = new(Quality: 0.8) },
            Scenes.Image(4, null, null, null),
            Scenes.Image(5, null, scene.Variants, null),
        ];

        var group = Assert.Single(DuplicateDetector.FindGroups(images));

        Assert.Equal(3, group.BestId);
        Assert.Equal([(3L, 0, false), (1L, 2, false), (2L, 2, false)], Shape(group));
    }

    [Fact]
    public void ACrowdOfBlankImagesIsOneGroup()
    {
        var scenes = new Scenes(9);
        var blanks = Enumerable.Range(1, 3000).Select(id => Scenes.Image(id, 0UL, new DifferenceVariants(0, 0, 0)));
        var others = Enumerable.Range(5000, 500).Select(id => scenes.Unrelated(id));

        var group = Assert.Single(DuplicateDetector.FindGroups(blanks.Concat(others)));

        Assert.Equal(3000, group.Members.Count);
        Assert.All(group.Members, m => Assert.Equal(0, m.Distance));
    }

    [Fact]
    public void FindsWhatComparingEveryPairFinds()
    {
        var images = Catalog(new Scenes(10), originals: 100, unrelated: 500, blanks: 30);
        var distances = PairDistances(images);

        foreach (var threshold in new[] { 0, 3, 5, 8 })
        {
            var expected = BruteForceGroups(images, distances, threshold);
            var actual = DuplicateDetector.FindGroups(images, threshold).Select(g => g.Members.Select(m => m.Id).Order().ToArray());

            Assert.True(expected.Count > 20, $"{expected.Count} groups at threshold {threshold}");
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void PrecisionAndRecallOnAConstructedCatalog()
    {
        // Copies at 0-4 bits from what they should match, and unrelated images: every true pair is within
        // the threshold, so recall should be 1, and precision only falls to chance collisions of random hashes.
        var scenes = new Scenes(11);
        var truth = new Dictionary<long, int>();
        var images = new List<DuplicateCandidate>();
        for (var group = 0; group < 400; group++)
        {
            var scene = scenes.NewScene();
            var copies = new Func<long, DuplicateCandidate>[]
            {
                id => scenes.Noisy(id, scene, scenes.Random.Next(5)),
                id => scenes.Mirrored(id, scene, scenes.Random.Next(5)),
                id => scenes.Cropped(id, scene, scenes.Random.Next(5)),
                id => scenes.CroppedMirrored(id, scene, scenes.Random.Next(5)),
            };
            Add(scenes.Original(images.Count + 1, scene), group);
            for (var copy = scenes.Random.Next(1, 4); copy > 0; copy--)
            {
                Add(copies[scenes.Random.Next(copies.Length)](images.Count + 1), group);
            }
        }

        for (var i = 0; i < 5000; i++)
        {
            Add(scenes.Unrelated(images.Count + 1), -1 - i);
        }

        // Pairs counted from group sizes: n images together make n(n-1)/2 pairs.
        var found = DuplicateDetector.FindGroups(images).SelectMany(g => g.Members.Select(m => (m.Id, Group: g.BestId))).ToDictionary(x => x.Id, x => x.Group);
        var truePairs = Pairs(truth.GroupBy(x => x.Value));
        var foundPairs = Pairs(found.GroupBy(x => x.Value));
        var bothPairs = Pairs(found.GroupBy(x => (x.Value, truth[x.Key])));

        Assert.True(truePairs > 400, $"{truePairs} true pairs");
        Assert.InRange((double)bothPairs / foundPairs, 0.98, 1);
        Assert.Equal(1.0, (double)bothPairs / truePairs);

        static long Pairs<TKey, TValue>(IEnumerable<IGrouping<TKey, TValue>> groups) =>
            groups.Sum(g => (long)g.Count() * (g.Count() - 1) / 2);

        void Add(DuplicateCandidate image, int group)
        {
            images.Add(image);
            truth[image.Id] = group;
        }
    }

    [Fact]
    public void TheResultDoesNotDependOnTheInputOrder()
    {
        var scenes = new Scenes(12);
        var images = Catalog(scenes, originals: 200, unrelated: 800, blanks: 30)
            .Select(image => image with { Traits = new(Quality: scenes.Random.Next(3) == 0 ? null : scenes.Random.Next(4) / 4.0) })
            .ToArray();
        var expected = Format(DuplicateDetector.FindGroups(images));

        for (var round = 0; round < 5; round++)
        {
            Assert.Equal(expected, Format(DuplicateDetector.FindGroups(images.OrderBy(_ => scenes.Random.Next()).ToArray())));
        }

        static string Format(IReadOnlyList<DuplicateGroup> groups) =>
            string.Join("\n", groups.Select(g => $"{g.BestId}: " + string.Join(" ", g.Members.Select(m => $"{m.Id}/{m.Distance}/{m.ExactCopy}/{m.BestReason}"))));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(33)]
    public void RejectsThresholdsOutsideZeroTo32(int threshold)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => DuplicateDetector.FindGroups([], threshold));

        Assert.Equal("threshold", error.ParamName);
        Assert.Contains("0 to 32", error.Message, StringComparison.Ordinal);
        Assert.Empty(DuplicateDetector.FindGroups([], 0));
        Assert.Empty(DuplicateDetector.FindGroups([], 32));
    }

    [Fact]
    public void RejectsCandidatesThatCannotBeRankedOrTold()
    {
        var twice = Assert.Throws<ArgumentException>(() => DuplicateDetector.FindGroups([Scenes.Image(7, 1, null), Scenes.Image(7, 2, null)]));
        var shortSha = Assert.Throws<ArgumentException>(() => DuplicateDetector.FindGroups([Scenes.Image(8, 1, null, new byte[16])]));
        var badQuality = Assert.Throws<ArgumentException>(() => DuplicateDetector.FindGroups([Scenes.Image(9, 1, null) with { Traits = new(Quality: double.NaN) }]));

        Assert.Contains("Image 7 appears twice", twice.Message, StringComparison.Ordinal);
        Assert.Contains("Image 8 has a SHA-256 of 16 bytes", shortSha.Message, StringComparison.Ordinal);
        Assert.Contains("Image 9 has quality NaN", badQuality.Message, StringComparison.Ordinal);
    }

    private static List<(long, int, bool)> Shape(DuplicateGroup group) => [.. group.Members.Select(m => (m.Id, m.Distance, m.ExactCopy))];

    /// <summary>Scenes with two to five copies of every kind, unrelated images, and blank images.</summary>
    private static DuplicateCandidate[] Catalog(Scenes scenes, int originals, int unrelated, int blanks)
    {
        var images = new List<DuplicateCandidate>();
        for (var i = 0; i < originals; i++)
        {
            var scene = scenes.NewScene();
            images.Add(scenes.Original(images.Count + 1, scene));
            for (var copy = scenes.Random.Next(1, 5); copy > 0; copy--)
            {
                var bits = scenes.Random.Next(8);
                images.Add((copy % 4) switch
                {
                    0 => scenes.Noisy(images.Count + 1, scene, bits),
                    1 => scenes.Mirrored(images.Count + 1, scene, bits),
                    2 => scenes.Cropped(images.Count + 1, scene, bits),
                    _ => scenes.CroppedMirrored(images.Count + 1, scene, bits),
                });
            }

            if (i % 10 == 0)
            {
                images.Add(images[^1] with { Id = images.Count + 1, Sha256 = images[^1].Sha256 ?? scenes.Sha(), DHash = i % 20 == 0 ? null : images[^1].DHash });
                images[^2] = images[^2] with { Sha256 = images[^1].Sha256 };
            }
        }

        for (var i = 0; i < unrelated; i++)
        {
            images.Add(scenes.Unrelated(images.Count + 1));
        }

        for (var i = 0; i < blanks; i++)
        {
            images.Add(Scenes.Image(images.Count + 1, Bits.Flip(scenes.Random, 0, scenes.Random.Next(3)), new DifferenceVariants(0, 0, 0)));
        }

        return [.. images];
    }

    /// <summary>The variant-aware distance of every pair (a &lt; b) the slow way, int.MaxValue where a dHash is missing.</summary>
    private static int[,] PairDistances(DuplicateCandidate[] images)
    {
        // Each image's dHash followed by its variants: a pair's distance is the nearest of one image's
        // hashes to the other's dHash, taken both ways.
        var own = images.Select(image => image.DHash is { } hash ? (image.Variants?.All ?? []).Prepend(hash).ToArray() : null).ToArray();
        var distances = new int[images.Length, images.Length];
        for (var a = 0; a < images.Length; a++)
        {
            for (var b = a + 1; b < images.Length; b++)
            {
                distances[a, b] = own[a] is { } hashesA && own[b] is { } hashesB
                    ? Math.Min(hashesA.Min(hash => ImageHashes.Distance(hash, hashesB[0])), hashesB.Min(hash => ImageHashes.Distance(hashesA[0], hash)))
                    : int.MaxValue;
            }
        }

        return distances;
    }

    private static List<long[]> BruteForceGroups(DuplicateCandidate[] images, int[,] distances, int threshold)
    {
        var sets = new UnionFind(images.Length);
        for (var a = 0; a < images.Length; a++)
        {
            for (var b = a + 1; b < images.Length; b++)
            {
                var sameSha = images[a].Sha256 is { } shaA && images[b].Sha256 is { } shaB && shaA.AsSpan().SequenceEqual(shaB);
                if (sameSha || distances[a, b] <= threshold)
                {
                    sets.Union(a, b);
                }
            }
        }

        return [.. sets.Sets(2).Select(set => set.Select(i => images[i].Id).ToArray())];
    }
}
