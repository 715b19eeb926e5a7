using Lumina.Functions.Text;

namespace Lumina.Functions.Tests;

public sealed class WordsTests
{
    [Theory]
    [InlineData(0, "burst", "0 bursts")]
    [InlineData(1, "burst", "1 burst")]
    [InlineData(2, "burst", "2 bursts")]
    [InlineData(1, "duplicate group", "1 duplicate group")]
    [InlineData(3, "duplicate group", "3 duplicate groups")]
    public void ACountTakesTheSingularOnlyForExactlyOne(long count, string noun, string expected) =>
        Assert.Equal(expected, Words.Count(count, noun));

    [Fact]
    public void AnIrregularPluralAndAnAgreeingVerbFollowTheCount()
    {
        Assert.Equal("2 copies", Words.Count(2, "copy", "copies"));
        Assert.Equal("1 copy", Words.Count(1, "copy", "copies"));
        Assert.Equal("lacks", Words.Agree(1, "lacks", "lack"));
        Assert.Equal("lack", Words.Agree(0, "lacks", "lack"));
    }

    [Fact]
    public void ListsJoinTheLastItemWithOrOrAnd()
    {
        Assert.Equal("md", Words.Or(["md"]));
        Assert.Equal("jsonl or csv", Words.Or(["jsonl", "csv"]));
        Assert.Equal("list, status and cancel", Words.And(["list", "status", "cancel"]));
    }
}
