using System.CommandLine;
using System.Text.Json;
using Lumina.Functions.Benchmarks;

namespace Lumina.Functions.Cli;

/// <summary>
/// <c>bench embeddings [--images N...] [--queries N] [--k N] [--similarity C] [--runs N] [--sample N]</c>: semantic
/// search and embedding near duplicates over synthetic 512-dimensional embeddings, in memory; prints JSON.
/// </summary>
public static class BenchEmbeddingsCommand
{
    public static Command Create()
    {
        var images = new Option<int[]>("--images")
        {
            Description = "Synthetic embeddings per size, each size measured in turn (--images 100000 1000000)",
            DefaultValueFactory = _ => [100_000], AllowMultipleArgumentsPerToken = true,
        };
        images.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int[]>() is { } sizes && sizes.Any(n => n is < 2 or > 4_000_000))
            {
                r.AddError("--images: every size must be 2 to 4,000,000 embeddings");
            }
        });
        var queries = new Option<int>("--queries") { Description = "Timed search queries per size, each also run exactly for recall", DefaultValueFactory = _ => 100 };
        var k = new Option<int>("--k") { Description = "Hits per search", DefaultValueFactory = _ => 10 };
        var similarity = new Option<float>("--similarity") { Description = "Cosine at or above which two embeddings are near duplicates", DefaultValueFactory = _ => 0.95f };
        var runs = new Option<int>("--runs") { Description = "Near-duplicate searches timed per size; the median is reported", DefaultValueFactory = _ => 3 };
        var sample = new Option<int>("--sample") { Description = "Random rows whose near duplicates are found by an exact scan, for recall", DefaultValueFactory = _ => 1_000 };
        var command = new Command("embeddings", "Semantic search latency and recall, and embedding near-duplicate time and recall, on synthetic embeddings; prints JSON")
        {
            images, queries, k, similarity, runs, sample,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var report = await EmbeddingsBenchmark.RunAsync(
                parse.GetValue(images)!, Math.Max(1, parse.GetValue(queries)), Math.Max(1, parse.GetValue(k)), parse.GetValue(similarity),
                Math.Max(1, parse.GetValue(runs)), Math.Max(1, parse.GetValue(sample)), cancellationToken);
            Console.WriteLine(JsonSerializer.Serialize(report, BenchJson.Options));
            return 0;
        });
        return command;
    }
}
