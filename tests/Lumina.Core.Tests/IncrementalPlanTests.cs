using Lumina.Core.Pipeline;

namespace Lumina.Core.Tests;

public sealed class IncrementalPlanTests
{
    private static readonly DateTimeOffset Time = new(2024, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SkipsUnchangedCompleteImagesAndAnalyzesEverythingElse()
    {
        OriginalFile[] files =
        [
            new("same.jpg", 100, Time, null),
            new("new.jpg", 100, Time, null),
            new("resized.jpg", 200, Time, null),
            new("touched.jpg", 100, Time.AddSeconds(1), null),
            new("failed.jpg", 100, Time, null),
            new("incomplete.jpg", 100, Time, null),
            new("etag.jpg", 100, Time, "\"2\""),
            new("back.jpg", 100, Time, null),
        ];
        StoredImage[] stored =
        [
            Stored("same.jpg"),
            Stored("resized.jpg"),
            Stored("touched.jpg"),
            Stored("failed.jpg") with { Error = "boom" },
            Stored("incomplete.jpg") with { MissingSteps = ["hashes"] },
            Stored("etag.jpg") with { ETag = "\"1\"" },
            Stored("back.jpg") with { Removed = true },
            Stored("gone.jpg"),
            Stored("gone-earlier.jpg") with { Removed = true },
        ];

        var plan = IncrementalPlan.Build(files, stored, redoAll: false);

        Assert.Equal(["new.jpg", "resized.jpg", "touched.jpg", "failed.jpg", "incomplete.jpg", "etag.jpg", "back.jpg"], plan.ToAnalyze.Select(f => f.Path));
        Assert.Equal(1, plan.Unchanged);
        Assert.Equal(["gone.jpg"], plan.Vanished);
    }

    [Fact]
    public void RedoAllAnalyzesUnchangedImagesToo()
    {
        var plan = IncrementalPlan.Build([new OriginalFile("same.jpg", 100, Time, null)], [Stored("same.jpg")], redoAll: true);

        Assert.Single(plan.ToAnalyze);
        Assert.Equal(0, plan.Unchanged);
    }

    [Fact]
    public void ToleratesTheSubMicrosecondRoundingOfStoredTimes()
    {
        var file = new OriginalFile("a.jpg", 100, Time.AddTicks(4), null);

        Assert.Equal(1, IncrementalPlan.Build([file], [Stored("a.jpg")], redoAll: false).Unchanged);
    }

    [Fact]
    public void AFailureIsRetriedUntilItFailedThreeTimesThenSettlesUntilTheFileChangesOrARetryIsAsked()
    {
        OriginalFile[] files = [new("twice.jpg", 100, Time, null), new("thrice.jpg", 100, Time, null), new("fixed.jpg", 120, Time, null)];
        StoredImage[] stored =
        [
            Stored("twice.jpg") with { Error = "boom", FailedAttempts = 2, MissingSteps = ["hashes"] },
            Stored("thrice.jpg") with { Error = "boom", FailedAttempts = 3, MissingSteps = ["hashes"] },
            Stored("fixed.jpg") with { Error = "boom", FailedAttempts = 7 },
        ];

        var plan = IncrementalPlan.Build(files, stored, redoAll: false);
        var retry = IncrementalPlan.Build(files, stored, redoAll: false, retryFailed: true);

        Assert.Equal(["twice.jpg", "fixed.jpg"], plan.ToAnalyze.Select(f => f.Path));
        Assert.Equal((0, 1), (plan.Unchanged, plan.Settled));
        Assert.Equal(["twice.jpg", "thrice.jpg", "fixed.jpg"], retry.ToAnalyze.Select(f => f.Path));
        Assert.Equal(0, retry.Settled);
    }

    [Fact]
    public void TouchedFilesAndNewFilesOfAMissingImagesSizeAreHashedBeforeTheyAreDecoded()
    {
        OriginalFile[] files =
        [
            new("touched.jpg", 100, Time.AddHours(1), null),
            new("grown.jpg", 150, Time.AddHours(1), null),
            new("reuploaded.jpg", 100, Time, "\"2\""),
            new("moved/old.jpg", 300, Time, null),
            new("moved/earlier.jpg", 400, Time, null),
            new("unrelated.jpg", 500, Time, null),
            new("outdated.jpg", 100, Time.AddHours(1), null),
        ];
        StoredImage[] stored =
        [
            Hashed("touched.jpg"),
            Hashed("grown.jpg"),
            Hashed("reuploaded.jpg") with { ETag = "\"1\"" },
            Hashed("old.jpg") with { Size = 300 },
            Hashed("earlier.jpg") with { Size = 400, Removed = true },
            Hashed("outdated.jpg") with { MissingSteps = ["quality"] },
        ];

        var plan = IncrementalPlan.Build(files, stored, redoAll: false);

        Assert.Equal(
            ["touched.jpg", "reuploaded.jpg", "moved/old.jpg", "moved/earlier.jpg"],
            plan.ToAnalyze.Where(f => f.HashFirst).Select(f => f.Path));
        Assert.Equal(7, plan.ToAnalyze.Count);
        Assert.Equal(["old.jpg"], plan.Vanished);
    }

    private static StoredImage Hashed(string path) => Stored(path) with { Hashed = true };

    private static StoredImage Stored(string path) => new(1, path, 100, Time, null, false, null, []);
}
