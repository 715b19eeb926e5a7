using Lumina.Storage.Catalog;

namespace Lumina.Storage.Tests.Catalog;

public sealed class CatalogNamesTests
{
    [Theory]
    [InlineData("a", true)]
    [InlineData("Trip_2024-06.v2", true)]
    [InlineData("a..b", true)]
    [InlineData("1234567890123456789012345678901234567890123456789012345678901234", true)]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345", false)]
    [InlineData("", false)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    [InlineData(".hidden", false)]
    [InlineData("a/b", false)]
    [InlineData("a\\b", false)]
    [InlineData("../../x y", false)]
    [InlineData("x y", false)]
    [InlineData("café", false)]
    [InlineData("a\0b", false)]
    public void NamesFollowTheRule(string name, bool valid)
    {
        Assert.Equal(valid, CatalogNames.IsValid(name));
        Assert.Equal(valid, CatalogNames.Problem(name) is null);
    }

    [Fact]
    public void TheProblemNamesTheRuleAndShowsControlCharacters()
    {
        Assert.Equal(
            "'a\\u0000b' is not a valid catalog name: catalog names are 1 to 64 characters of letters (a-z, A-Z), digits, '-', '_' or '.', not starting with '.'",
            CatalogNames.Problem("a\0b"));
    }

    [Theory]
    [InlineData("Pictures", "Pictures")]
    [InlineData("My Photos", "My-Photos")]
    [InlineData("  My   Photos  ", "My-Photos")]
    [InlineData("Été à Paris", "Ete-a-Paris")]
    [InlineData(".thumbnails", "thumbnails")]
    [InlineData("...", "photos")]
    [InlineData("東京", "DongJing")]
    [InlineData("🙂", "slight_smile")]
    [InlineData("a/../../b", "a-..-..-b")]
    [InlineData("2024 (holiday) #1", "2024-holiday-1")]
    public void AFolderNameBecomesAValidName(string folder, string name)
    {
        Assert.Equal(name, CatalogNames.FromFolder(folder));
        Assert.True(CatalogNames.IsValid(CatalogNames.FromFolder(folder)));
    }

    [Fact]
    public void ALongFolderNameIsCutTo64WithoutATrailingDash()
    {
        var name = CatalogNames.FromFolder(new string('a', 63) + " b");

        Assert.Equal(new string('a', 63), name);
    }
}
