using Lumina.Core.Bursts;
using Lumina.Core.Geo;

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

        // A shorter geohash compares at its own length; an unknown place splits nothing.
        Assert.Equal([[1, 2, 3], [4, 5, 6]], Members(Find(
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
    public void TheBestShotHasTheHighestQualityThenIsEarliest()
    {
        Assert.Equal(2, Assert.Single(Find(Shot(1, 0, quality: 0.5), Shot(2, 1, quality: 0.9), Shot(3, 2, quality: 0.9))).BestId);
        Assert.Equal(1, Assert.Single(Find(Shot(1, 0), Shot(2, 1), Shot(3, 2))).BestId);
        Assert.Equal(3, Assert.Single(Find(Shot(1, 0), Shot(2, 1), Shot(3, 2, quality: 0.0))).BestId);
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
            random.Next(3) == 0 ? null : random.Next(5) / 4.0)).ToArray();
        var expected = Format(BurstDetector.FindBursts(shots));

        for (var round = 0; round < 5; round++)
        {
            Assert.Equal(expected, Format(BurstDetector.FindBursts(shots.OrderBy(_ => random.Next()).ToArray())));
        }

        Assert.True(expected.Length > 1000);

        static string Format(IReadOnlyList<Burst> bursts) => string.Join("\n", bursts.Select(b => $"{b.BestId}: {string.Join(" ", b.Members)}"));
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
        new(id, camera, Start.AddSeconds(seconds), geohash, burstUuid, sequence, quality);

    private static IReadOnlyList<Burst> Find(params BurstCandidate[] shots) => BurstDetector.FindBursts(shots);

    private static IReadOnlyList<Burst> Find(BurstOptions options, params BurstCandidate[] shots) => BurstDetector.FindBursts(shots, options);

    private static long[][] Members(IEnumerable<Burst> bursts) => [.. bursts.Select(b => b.Members.ToArray())];
}
