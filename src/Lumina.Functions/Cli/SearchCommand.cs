using System.CommandLine;
using Lumina.Functions.Catalogs;
using Lumina.Functions.Clip;
using Lumina.Storage.Catalog;

namespace Lumina.Functions.Cli;

/// <summary><c>lumina search "&lt;text&gt;" --catalog &lt;name&gt;</c> and <c>--similar &lt;image&gt;</c>: semantic search over CLIP embeddings.</summary>
public static class SearchCommand
{
    public static Command Create()
    {
        var text = new Argument<string?>("text") { Description = "What to look for, in words", Arity = ArgumentArity.ZeroOrOne };
        var catalog = new Option<string>("--catalog") { Description = "Catalog name or id", Required = true };
        var similar = new Option<string?>("--similar") { Description = "Find images like this one (its path in the catalog, or its id) instead" };
        var top = CliOptions.WholeNumber("--top", "How many results (default 20)", 1, 1000);
        var command = new Command("search", "Find a catalog's images by meaning (needs LUMINA_CLIP_MODEL)") { text, catalog, similar, top };
        command.SetAction((result, ct) => CliErrors.RunAsync(async () =>
        {
            await using var app = await CliApp.StartAsync(ct);
            var record = await app.Get<CatalogService>().GetAsync(result.GetValue(catalog)!, ct);
            var search = app.Get<SearchService>();
            var count = result.GetValue(top) ?? 20;
            var hits = (result.GetValue(similar), result.GetValue(text)) switch
            {
                ({ } image, null) => await search.SimilarAsync(record, image, count, ct),
                (null, { } words) => await search.SearchTextAsync(record, words, count, ct),
                _ => throw new CatalogException("give either the text to search for or --similar <image>, not both"),
            };
            var derived = record.SourceKind == SourceKind.Folder ? record.Derived : null;
            foreach (var (hit, rank) in hits.Select((h, i) => (h, i + 1)))
            {
                var thumbnail = hit.Thumbnail is null ? "" : derived is null ? hit.Thumbnail : Storage.Paths.ContainedPath.Under(derived, hit.Thumbnail);
                Console.WriteLine($"{rank,3}. {hit.Score:F4}  {hit.Path}\t{thumbnail}");
            }

            return 0;
        }));
        return command;
    }
}
