using Lumina.Storage.Paths;

namespace Lumina.Storage.Tests.Paths;

public sealed class ContainedPathTests
{
    private const string Root = "/home/user/.local/share/lumina/backups";

    [Theory]
    [InlineData("trip", "/home/user/.local/share/lumina/backups/trip")]
    [InlineData("a/b.zip", "/home/user/.local/share/lumina/backups/a/b.zip")]
    [InlineData("a/../b", "/home/user/.local/share/lumina/backups/b")]
    [InlineData("a..b", "/home/user/.local/share/lumina/backups/a..b")]
    public void NamesInsideTheRootResolveThere(string name, string expected) => Assert.Equal(expected, ContainedPath.Under(Root, name));

    [Theory]
    [InlineData("../../x y")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/../..")]
    [InlineData("../backups-other/x")]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    [InlineData("a\0b")]
    public void NamesThatLeaveTheRootAreRefused(string name)
    {
        var error = Assert.Throws<PathEscapeException>(() => ContainedPath.Under(Root, name));

        Assert.Contains(Root, error.Message);
    }

    [Fact]
    public void EveryPartIsChecked() =>
        Assert.Throws<PathEscapeException>(() => ContainedPath.Under(Root, "trip", "../../..", "x.zip"));

    [Theory]
    [InlineData("/a/b", "/a/b/c", true)]
    [InlineData("/a/b/", "/a/b/c", true)]
    [InlineData("/a/b", "/a/b", false)]
    [InlineData("/a/b", "/a/bc", false)]
    [InlineData("/a/b", "/a/b/../c", false)]
    public void InsideMeansStrictlyBelow(string root, string path, bool inside) => Assert.Equal(inside, ContainedPath.IsInside(root, path));

    [Theory]
    [InlineData("/a/b", "/a/b", true)]
    [InlineData("/a/b", "/a/b/c", true)]
    [InlineData("/a/b/c", "/a/b", true)]
    [InlineData("/a/b", "/a/bc", false)]
    public void OverlapIsEitherWay(string first, string second, bool overlap) => Assert.Equal(overlap, ContainedPath.Overlap(first, second));
}
