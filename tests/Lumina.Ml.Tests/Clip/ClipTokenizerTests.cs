using Lumina.Ml.Clip.Tokenizer;

namespace Lumina.Ml.Tests.Clip;

public sealed class ClipTokenizerTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public async Task APhotoOfACatGivesThePublishedIds()
    {
        var tokenizer = await SharedClipData.OpenAiTokenizer;

        Assert.Equal([49406, 320, 1125, 539, 320, 2368, 49407], tokenizer.Encode("a photo of a cat"));
    }

    [Fact]
    public async Task OpenAiFileGivesThePublishedSpecialIdsAndSizes()
    {
        var tokenizer = await SharedClipData.OpenAiTokenizer;

        Assert.Equal(49406, tokenizer.StartOfText);
        Assert.Equal(49407, tokenizer.EndOfText);
        Assert.Equal(49408, tokenizer.VocabularySize);
        Assert.Equal(77, tokenizer.ContextLength);
        Assert.Equal(0, tokenizer.PadId);
    }

    // Derived by hand from the merges file (line n = the n-th merge after the header, rank n - 1).
    // A merged token's id is 512 + rank = 511 + n; a lone byte symbol with "</w>" is 256 + its place in
    // CLIP's byte order, which starts '!' (33) = 0, so '0'..'9' are 15..24 and 'a' is 64.
    // - "a dog": "a" is one symbol: 256 + 64 = 320. "dog" = d o g</w>: pairs "d o" line 128,
    //   "o g</w>" line 8044, so "d o" merges first; then "do g</w>" line 1418 gives 511 + 1418 = 1929.
    // - "snow" = s n o w</w>: "s n" 1161, "n o" 67, "o w</w>" 1739: "no" first; then "s no" 8056
    //   against "no w</w>" 181: "now</w>"; then "s now</w>" 2072 gives 2583.
    // - "it's" splits into "it" and "'s": "i t</w>" line 74 gives 585, "' s</w>" line 57 gives 568.
    // - "é" is UTF-8 C3 A9, byte symbols "Ã" and "©</w>"; "Ã ©</w>" line 3655 gives 4166.
    // - digits are split one by one, so "2024" is 256 + {17, 15, 17, 19}; "!" alone is 256 + 0.
    [Theory]
    [InlineData("a dog", new[] { 320, 1929 })]
    [InlineData("snow", new[] { 2583 })]
    [InlineData("it's", new[] { 585, 568 })]
    [InlineData("é", new[] { 4166 })]
    [InlineData("2024", new[] { 273, 271, 273, 275 })]
    [InlineData("!", new[] { 256 })]
    public async Task GivesTheIdsDerivedByHandFromTheMerges(string text, int[] expected)
    {
        var tokenizer = await SharedClipData.OpenAiTokenizer;

        Assert.Equal([49406, .. expected, 49407], tokenizer.Encode(text));
    }

    [Fact]
    public async Task CleansHtmlEntitiesWhitespaceAndCase()
    {
        var tokenizer = await SharedClipData.OpenAiTokenizer;

        Assert.Equal(tokenizer.Encode("a photo of a cat"), tokenizer.Encode("  A&amp;nbsp;PHOTO \n of\tA CAT "));
    }

    [Fact]
    public async Task SplitsPunctuationFromWords()
    {
        var tokenizer = await SharedClipData.OpenAiTokenizer;

        Assert.Equal([49406, 2368, 256, 49407], tokenizer.Encode("cat!"));
    }

    [Fact]
    public async Task LongTextIsCutToTheContextWithTheEndTokenLast()
    {
        var tokenizer = await SharedClipData.OpenAiTokenizer;

        var ids = tokenizer.Encode(string.Join(' ', Enumerable.Repeat("cat", 100)));

        Assert.Equal(77, ids.Length);
        Assert.Equal(49406, ids[0]);
        Assert.Equal(49407, ids[^1]);
        Assert.All(ids[1..^1], id => Assert.Equal(2368, id));
    }

    [Fact]
    public async Task TextThatFillsTheContextExactlyIsNotCut()
    {
        var tokenizer = await SharedClipData.OpenAiTokenizer;

        var ids = tokenizer.Encode(string.Join(' ', Enumerable.Repeat("cat", 75)));

        Assert.Equal(77, ids.Length);
        Assert.Equal(75, ids.Count(id => id == 2368));
    }

    [Fact]
    public async Task MergesTextWithoutVocabularyBuildsTheSameIdsAsOpenAiFile()
    {
        var ct = TestContext.Current.CancellationToken;
        var lines = await SharedClipData.MergeLinesAsync(ct);
        var merges = folder.Write("merges.txt", "#version: 0.2\n" + string.Join('\n', lines) + "\n");

        var tokenizer = await ClipTokenizer.LoadAsync(new ClipTokenizerFiles(merges), cancellationToken: ct);

        Assert.Equal([49406, 320, 1125, 539, 320, 2368, 49407], tokenizer.Encode("a photo of a cat"));
        Assert.Equal(49408, tokenizer.VocabularySize);
    }

    [Fact]
    public async Task VocabularyJsonGivesTheIdsAndTokenizerConfigThePad()
    {
        var ct = TestContext.Current.CancellationToken;
        var merges = folder.Write("merges.txt", "#version: 0.2\nc a\nca t</w>\n");
        var vocabulary = folder.Write("vocab.json", """{"c": 5, "a": 6, "t</w>": 7, "ca": 8, "cat</w>": 9, "<|startoftext|>": 1, "<|endoftext|>": 2}""");
        var config = folder.Write("tokenizer_config.json", """{"pad_token": "<|endoftext|>"}""");

        var tokenizer = await ClipTokenizer.LoadAsync(new ClipTokenizerFiles(merges, vocabulary, config), cancellationToken: ct);

        Assert.Equal([1, 9, 2], tokenizer.Encode("CAT"));
        Assert.Equal(2, tokenizer.PadId);
    }

    [Fact]
    public async Task MergesThatMakeATokenTheVocabularyLacksAreReported()
    {
        var ct = TestContext.Current.CancellationToken;
        var merges = folder.Write("merges.txt", "c a</w>\n");
        var vocabulary = folder.Write("vocab.json", """{"c": 5, "a</w>": 6, "<|startoftext|>": 1, "<|endoftext|>": 2}""");
        var tokenizer = await ClipTokenizer.LoadAsync(new ClipTokenizerFiles(merges, vocabulary), cancellationToken: ct);

        var error = Assert.Throws<InvalidDataException>(() => tokenizer.Encode("ca"));

        Assert.Contains("'ca</w>'", error.Message);
    }

    [Theory]
    [InlineData("""["c a", "ca t</w>"]""")]
    [InlineData("""[["c", "a"], ["ca", "t</w>"]]""")]
    public async Task TokenizerJsonInEitherMergeFormat(string merges)
    {
        var ct = TestContext.Current.CancellationToken;
        var json = folder.Write("tokenizer.json", $$"""
            {"added_tokens": [{"id": 1, "content": "<|startoftext|>"}, {"id": 2, "content": "<|endoftext|>"}],
             "model": {"type": "BPE", "vocab": {"c": 5, "a": 6, "t</w>": 7, "ca": 8, "cat</w>": 9}, "merges": {{merges}} } }
            """);
        var config = folder.Write("tokenizer_config.json", """{"pad_token": {"content": "<|endoftext|>", "special": true}}""");

        var tokenizer = await ClipTokenizer.LoadAsync(new ClipTokenizerFiles(json, Config: config), cancellationToken: ct);

        Assert.Equal([1, 9, 2], tokenizer.Encode("cat"));
        Assert.Equal(2, tokenizer.PadId);
    }

    [Fact]
    public async Task TokenizerJsonOfAnotherModelTypeIsRejected()
    {
        var json = folder.Write("tokenizer.json", """{"model": {"type": "WordPiece", "vocab": {}}}""");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ClipTokenizer.LoadAsync(new ClipTokenizerFiles(json), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("BPE", error.Message);
    }

    [Fact]
    public async Task MalformedMergeLineIsReportedWithItsLine()
    {
        var merges = folder.Write("merges.txt", "#version: 0.2\nc a\nthree part line\n");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ClipTokenizer.LoadAsync(new ClipTokenizerFiles(merges), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("merges.txt:3", error.Message);
    }

    [Fact]
    public void FindPrefersMergesWithVocabularyThenTokenizerJsonThenMergesAlone()
    {
        var first = Path.Combine(folder.Path, "first");
        var second = Path.Combine(folder.Path, "second");
        folder.Write("second/tokenizer.json", "{}");
        folder.Write("second/merges.txt", "");
        folder.Write("second/tokenizer_config.json", "{}");

        var found = ClipTokenizerFiles.Find(first, second);

        Assert.Equal(new ClipTokenizerFiles(Path.Combine(second, "tokenizer.json"), null, Path.Combine(second, "tokenizer_config.json")), found);

        folder.Write("second/vocab.json", "{}");
        Assert.Equal(Path.Combine(second, "merges.txt"), ClipTokenizerFiles.Find(first, second)!.Source);
        Assert.Equal(Path.Combine(second, "vocab.json"), ClipTokenizerFiles.Find(first, second)!.Vocabulary);
        Assert.Null(ClipTokenizerFiles.Find(first));
    }

    public void Dispose() => folder.Dispose();
}
