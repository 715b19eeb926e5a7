using Lumina.Core.Bursts;
using Lumina.Core.Geo;
using Lumina.Core.Picks;

namespace Lumina.Core.Tests;

public sealed class BurstDetectorTests
{
    private const string Canon = "Canon|EOS R6|012345";
    private static readonly DateTime Start = new(2024, 6, 1, 14, 30, 0);

    [Fact]
    public void AGapOverMaxGapSplitsAndAGapOfExactlyMaxGapDoesNot()
    {
        var bursts = Find(Shot(1, 0), Shot(2, 1), Shot(3, 3), Shot(4, 5.5), Shot(5, 6), Shot(6, 20));

        Assert.Equal([[1, 2, 3], [4, 5]], Members(bursts));
    }

    [Fact]
    public void SubSecondsCount()
    {
        Assert.Equal([[1, 2]], Members(Find(Shot(1, 0), Shot(2, 0.5), Shot(3, 2.6))));
        Assert.Equal([[1, 2]], Members(Find(new BurstOptions { MaxGap = TimeSpan.FromSeconds(0.5) }, Shot(1, 0), Shot(2, 0.5), Shot(3, 1.01))));
        Assert.Equal([[1, 2]], Members(Find(new BurstOptions { MaxGap = TimeSpan.Zero }, Shot(1, 0), Shot(2, 0), Shot(3, 0.001))));
    }

    [Fact]
    public void OnlyShotsOfOneCameraMakeABurst()
    {
        var bursts = Find(
            Shot(1, 0), Shot(2, 0.5, camera: "Sony|A7 IV|99"), Shot(3, 1), Shot(4, 1.5, camera: "Sony|A7 IV|99"), Shot(5, 2, camera: "Sony|A7 IV|98"));

        Assert.Equal([[1, 3], [2, 4]], Members(bursts));
    }

    [Fact]
    public void ImagesWithoutCameraOrTimeAreInNoBurst()
    {
        var bursts = Find(
            Shot(1, 0), Shot(2, 0.2, camera: null), Shot(3, 0.4, camera: " "), Shot(4, 0.6) with { CaptureTime = null }, Shot(5, 0.8, camera: null));

        Assert.Empty(bursts);
    }

    [Fact]
    public void ShotsInCellsThatAreNeitherEqualNorAdjacentSplit()
    {
        var here = Geohash.Encode(48.8584, 2.2945);
        var next = Geohash.Neighbors(here)[2];
        var far = Geohash.Neighbors(Geohash.Neighbors(next)[2])[2];

        // A shorter geohash compares at its own length; a shot of unknown place joins the longest open burst.
        Assert.Equal([[1, 2, 3, 6], [4, 5]], Members(Find(
            Shot(1, 0, here), Shot(2, 0.5, here), Shot(3, 1, next), Shot(4, 1.5, far), Shot(5, 2, far[..5]), Shot(6, 2.5, null))));
        Assert.Equal([[1, 2, 3]], Members(Find(new BurstOptions { SplitOnPlace = false }, Shot(1, 0, here), Shot(2, 0.5, far), Shot(3, 1, here))));
    }

    [Fact]
    public void ShotsSharingABurstUuidStayTogetherAcrossLongGapsAndOtherShots()
    {
        var bursts = Find(
            Shot(1, 0, burstUuid: "A"), Shot(2, 5, burstUuid: "A"), Shot(3, 20), Shot(4, 40, burstUuid: "A"), Shot(5, 41, burstUuid: "A", camera: "Apple|iPhone 15|"));

        Assert.Equal([[1, 2, 4]], Members(bursts));
    }

    [Fact]
    public void DifferentBurstUuidsSplitEvenWithinMaxGap()
    {
        // Two phones of one model without serials interleave their bursts: each burst is whole.
        var bursts = Find(
            Shot(1, 0, burstUuid: "A"), Shot(2, 0.1, burstUuid: "B"), Shot(3, 0.2, burstUuid: "A"), Shot(4, 0.3, burstUuid: "B"), Shot(5, 1.0, burstUuid: "B"));

        Assert.Equal([[1, 3], [2, 4, 5]], Members(bursts));
        Assert.Equal([[1, 2, 3]], Members(Find(Shot(1, 0, burstUuid: "A"), Shot(2, 0.5), Shot(3, 1.0, burstUuid: "B"))));
        Assert.Equal([[1, 2]], Members(Find(Shot(1, 0, burstUuid: "A"), Shot(2, 0.5, burstUuid: ""), Shot(3, 10, burstUuid: " "))));
    }

    [Fact]
    public void AFrameCounterThatStartsAgainSplitsAndOneThatRisesOrIsMissingDoesNot()
    {
        Assert.Equal([[1, 2, 3], [4, 5]], Members(Find(Shot(1, 0, sequence: 1), Shot(2, 0.2, sequence: 2), Shot(3, 0.4, sequence: 5), Shot(4, 1, sequence: 1), Shot(5, 1.2, sequence: 2))));
        Assert.Equal([[1, 2, 3, 4]], Members(Find(Shot(1, 0, sequence: 3), Shot(2, 0.2, sequence: 0), Shot(3, 0.4, sequence: 1), Shot(4, 0.6))));
        Assert.Empty(Find(Shot(1, 0, sequence: 1), Shot(2, 0.3, sequence: 1)));
        Assert.Empty(Find(Shot(1, 0, sequence: 1), Shot(2, 10, sequence: 2)));
    }

    [Fact]
    public void ShotsWithEqualTimesAreOrderedByFrameCounter()
    {
        // Without sub-seconds, one second of continuous drive shares a time stamp; ids need not follow frames.
        var bursts = Find(Shot(9, 0, sequence: 1), Shot(3, 0, sequence: 2), Shot(5, 0, sequence: 3), Shot(4, 1, sequence: 4));

        Assert.Equal([[9, 3, 5, 4]], Members(bursts));
    }

    [Fact]
    public void OfFramesEqualOtherwiseTheBestHasTheHighestQualityThenIsEarliest()
    {
        Assert.Equal(2, Assert.Single(Find(Shot(1, 0, quality: 0.5), Shot(2, 1, quality: 0.9), Shot(3, 2, quality: 0.9))).BestId);
        Assert.Equal(1, Assert.Single(Find(Shot(1, 0), Shot(2, 1), Shot(3, 2))).BestId);
        Assert.Equal(3, Assert.Single(Find(Shot(1, 0), Shot(2, 1), Shot(3, 2, quality: 0.0))).BestId);
        Assert.Equal("equal on every rule; the earliest is shown", Assert.Single(Find(Shot(1, 0), Shot(2, 1))).BestReason);
    }

    [Fact]
    public void TheSharpestFrameOfTheLargestOnesIsTheBestWhateverItsQualityScore()
    {
        var frame = new PickTraits(4000, 3000, "jpeg", 6_000_000, 95, 40, CameraExif: true, Quality: 80, Sharpness: 200);
        BurstCandidate Frame(long id, double seconds, PickTraits traits) => Shot(id, seconds) with { Traits = traits };

        var sharp = Assert.Single(Find(
            Frame(1, 0, frame with { Sharpness = 90, Quality = 95 }), Frame(2, 0.3, frame with { Sharpness = 420, Quality = 60 }), Frame(3, 0.6, frame)));
        var larger = Assert.Single(Find(Frame(1, 0, frame with { Sharpness = 900 }), Frame(2, 0.3, frame with { Width = 6000, Height = 4000, Sharpness = 100 })));
        var alike = Assert.Single(Find(Frame(1, 0, frame with { Quality = 50 }), Frame(2, 0.3, frame with { Sharpness = 210 })));
        var close = Assert.Single(Find(Frame(1, 0, frame with { Quality = 70.41 }), Frame(2, 0.3, frame with { Quality = 70.437 })));

        Assert.Equal((2, "sharper (Laplacian variance 420 vs 200)"), (sharp.BestId, sharp.BestReason));
        Assert.Equal((2, "most pixels (24.0 MP vs 12.0 MP)"), (larger.BestId, larger.BestReason));
        Assert.Equal((2, "higher quality score (80 vs 50)"), (alike.BestId, alike.BestReason));
        // Scores one decimal cannot tell apart are given with as many as can.
        Assert.Equal((2, "higher quality score (70.437 vs 70.41)"), (close.BestId, close.BestReason));
    }

    [Fact]
    public void AFarFrameInTheMiddleIsLeftOutOfTheBurstItInterrupts()
    {
        var here = Geohash.Encode(48.8584, 2.2945);
        var away = Geohash.Encode(48.9, 2.5);

        Assert.Equal([[1, 2, 4, 5]], Members(Find(Shot(1, 0, here), Shot(2, 0.5, here), Shot(3, 1, away), Shot(4, 1.5, here), Shot(5, 2, here))));
        Assert.Equal([[1, 2, 4, 6], [3, 5]], Members(Find(
            Shot(1, 0, here), Shot(2, 0.4, here), Shot(3, 0.8, away), Shot(4, 1.2, here), Shot(5, 1.6, away), Shot(6, 2.0, here))));
    }

    [Fact]
    public void AlternatingPlacesOfOneBodyMakeTwoBursts()
    {
        var here = Geohash.Encode(48.8584, 2.2945);
        var away = Geohash.Encode(45.76, 4.83);

        var bursts = Find(Enumerable.Range(0, 10).Select(i => Shot(i + 1, i * 0.5, i % 2 == 0 ? here : away)).ToArray());

        Assert.Equal([[1, 3, 5, 7, 9], [2, 4, 6, 8, 10]], Members(bursts));
    }

    [Fact]
    public void PairwisePrecisionAndRecallOnGeneratedSequencesWithFarFramesAndOtherCameras()
    {
        // Sessions of single shots and bursts of 2-8 frames 0.1-1.5 s apart from one body, a sixth of the
        // sessions without GPS and a twentieth of the other frames without a fix; between the frames fall those
        // of a second body of the same model and serial kilometres away (a clock clash; only where the session
        // has GPS, since without it nothing is far) and of other cameras at the same moment, each a burst of
        // its own when it has several frames in a session.
        var random = new Random(23);
        var places = Enumerable.Range(0, 40).Select(i => Geohash.Encode(40 + i * 0.05, -3 + random.NextDouble(), 7)).ToArray();
        var shots = new List<BurstCandidate>();
        var truth = new Dictionary<long, int>();
        var time = 0.0;
        for (var session = 0; session < 600; session++)
        {
            time += 30 + random.Next(600);
            var place = places[random.Next(places.Length)];
            var far = places[(Array.IndexOf(places, place) + 10 + random.Next(20)) % places.Length];
            var located = random.Next(6) != 0;
            var burst = random.Next(2) == 0;
            var frames = burst ? random.Next(2, 9) : 1;
            for (var frame = 0; frame < frames; frame++)
            {
                Add(Shot(shots.Count + 1, time, located && random.Next(20) != 0 ? place : null), burst ? session : -shots.Count - 1);
                if (located && random.Next(3) == 0)
                {
                    Add(Shot(shots.Count + 1, time + 0.05, far), 1_000_000 + session);
                }

                if (random.Next(3) == 0)
                {
                    var serial = random.Next(3);
                    Add(Shot(shots.Count + 1, time + 0.02, place, camera: $"Sony|A7 IV|{serial}"), 2_000_000 + (session * 10) + serial);
                }

                time += 0.1 + random.Next(14) / 10.0;
            }
        }

        var found = Find([.. shots]).SelectMany((b, i) => b.Members.Select(m => (m, i))).ToDictionary(x => x.m, x => x.i);
        var foundPairs = Pairs(found.GroupBy(x => x.Value));
        var truePairs = Pairs(truth.GroupBy(x => x.Value));
        var bothPairs = Pairs(found.GroupBy(x => (x.Value, truth[x.Key])));
        var (precision, recall) = (bothPairs / (double)foundPairs, bothPairs / (double)truePairs);
        TestContext.Current.TestOutputHelper?.WriteLine($"bursts: pairwise precision {precision:F3}, recall {recall:F3} over {truePairs} true pairs, {shots.Count} shots");

        Assert.True(truePairs > 2000, $"{truePairs} true pairs");
        Assert.True(precision >= 0.95, $"precision {precision:F3}");
        Assert.True(recall >= 0.95, $"recall {recall:F3}");

        static long Pairs<TKey, TValue>(IEnumerable<IGrouping<TKey, TValue>> groups) => groups.Sum(g => (long)g.Count() * (g.Count() - 1) / 2);

        void Add(BurstCandidate shot, int group)
        {
            shots.Add(shot);
            truth[shot.Id] = group;
        }
    }

    [Fact]
    public void BurstsAreOrderedByStartTime()
    {
        var bursts = Find(Shot(1, 100), Shot(2, 101), Shot(3, 0, camera: "Z"), Shot(4, 1, camera: "Z"), Shot(5, 50, camera: "A"), Shot(6, 51, camera: "A"));

        Assert.Equal([[3, 4], [5, 6], [1, 2]], Members(bursts));
    }

    [Fact]
    public void WithoutMarkersBurstsAreTheRunsOfEachCameraWithinMaxGap()
    {
        var random = new Random(21);
        var shots = Enumerable.Range(1, 3000)
            .Select(id => Shot(id, random.Next(20_000) / 10.0, camera: $"camera {random.Next(5)}"))
            .ToArray();

        // Reference: per camera, sort by time and cut where a gap exceeds 2 s.
        var expected = new List<long[]>();
        foreach (var camera in shots.GroupBy(s => s.Camera))
        {
            var run = new List<BurstCandidate>();
            foreach (var shot in camera.OrderBy(s => s.CaptureTime).ThenBy(s => s.Id).Append(null))
            {
                if (shot is null || (run.Count > 0 && shot.CaptureTime - run[^1].CaptureTime > TimeSpan.FromSeconds(2)))
                {
                    if (run.Count >= 2)
                    {
                        expected.Add([.. run.Select(s => s.Id)]);
                    }

                    run.Clear();
                }

                if (shot is not null)
                {
                    run.Add(shot);
                }
            }
        }

        var actual = Members(BurstDetector.FindBursts(shots));

        Assert.True(expected.Count > 100, $"{expected.Count} bursts");
        Assert.Equal(expected.OrderBy(b => b[0]), actual.OrderBy(b => b[0]));
    }

    [Fact]
    public void TheResultDoesNotDependOnTheInputOrder()
    {
        var random = new Random(22);
        var places = Enumerable.Range(0, 4).Select(i => Geohash.Encode(45 + (i * 0.002), 7)).ToArray();
        var shots = Enumerable.Range(1, 4000).Select(id => new BurstCandidate(
            id,
            random.Next(10) == 0 ? null : $"camera {random.Next(3)}",
            random.Next(20) == 0 ? null : Start.AddMilliseconds(random.Next(3_000_000) / 10 * 10),
            random.Next(3) == 0 ? null : places[random.Next(places.Length)],
            random.Next(4) == 0 ? $"uuid {random.Next(50)}" : null,
            random.Next(4) == 0 ? random.Next(1, 6) : null,
            new PickTraits(Quality: random.Next(3) == 0 ? null : random.Next(5) / 4.0, Sharpness: random.Next(3) * 100 + 50))).ToArray();
        var expected = Format(BurstDetector.FindBursts(shots));

        for (var round = 0; round < 5; round++)
        {
            Assert.Equal(expected, Format(BurstDetector.FindBursts(shots.OrderBy(_ => random.Next()).ToArray())));
        }

        Assert.True(expected.Length > 1000);

        static string Format(IReadOnlyList<Burst> bursts) => string.Join("\n", bursts.Select(b => $"{b.BestId} ({b.BestReason}): {string.Join(" ", b.Members)}"));
    }

    [Theory]
    [InlineData(-0.001)]
    [InlineData(60.001)]
    public void RejectsMaxGapsOutsideZeroToOneMinute(double seconds)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new BurstOptions { MaxGap = TimeSpan.FromSeconds(seconds) });

        Assert.Equal("MaxGap", error.ParamName);
        Assert.Equal(TimeSpan.FromSeconds(2), new BurstOptions().MaxGap);
        Assert.Equal(TimeSpan.FromMinutes(1), new BurstOptions { MaxGap = TimeSpan.FromMinutes(1) }.MaxGap);
    }

    [Fact]
    public void RejectsCandidatesThatCannotBeOrderedOrPlaced()
    {
        var twice = Assert.Throws<ArgumentException>(() => Find(Shot(7, 0), Shot(7, 1)));
        var badQuality = Assert.Throws<ArgumentException>(() => Find(Shot(8, 0, quality: double.PositiveInfinity)));
        var badPlace = Assert.Throws<ArgumentException>(() => Find(Shot(9, 0, "U4PR")));

        Assert.Contains("Image 7 appears twice", twice.Message, StringComparison.Ordinal);
        Assert.Contains("Image 8 has quality", badQuality.Message, StringComparison.Ordinal);
        Assert.Contains("Image 9 has geohash 'U4PR'", badPlace.Message, StringComparison.Ordinal);
    }

    private static BurstCandidate Shot(
        long id, double seconds, string? geohash = null, string? burstUuid = null, int? sequence = null, double? quality = null, string? camera = Canon) =>
        new(id, camera, Start.AddSeconds(seconds), geohash, burstUuid, sequence, new PickTraits(Quality: quality));

    private static IReadOnlyList<Burst> Find(params BurstCandidate[] shots) => BurstDetector.FindBursts(shots);

    private static IReadOnlyList<Burst> Find(BurstOptions options, params BurstCandidate[] shots) => BurstDetector.FindBursts(shots, options);

    private static long[][] Members(IEnumerable<Burst> bursts) => [.. bursts.Select(b => b.Members.ToArray())];
}
