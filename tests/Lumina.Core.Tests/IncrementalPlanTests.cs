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

    private static StoredImage Stored(string path) => new(1, path, 100, Time, null, false, null, []);
}
