using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lumina.Functions.Benchmarks;

namespace Lumina.Functions.Cli;

/// <summary><c>bench clip [--model PATH] [--images N] [--batch-size N] [--embeddings N] [--queries N]</c>: prints CLIP benchmark figures as JSON.</summary>
public static class BenchClipCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "A CLIP model folder, or a vision model .onnx file, whose image encoder is timed. Without it only search is measured." };
        var images = new Option<int>("--images") { Description = "Synthetic images to encode.", DefaultValueFactory = _ => 64 };
        var batchSize = new Option<int>("--batch-size") { Description = "Images per model run (a model with a fixed batch size uses its own).", DefaultValueFactory = _ => 16 };
        var embeddings = new Option<int>("--embeddings") { Description = "Random 512-dimensional embeddings to search over.", DefaultValueFactory = _ => 100_000 };
        var queries = new Option<int>("--queries") { Description = "Timed search queries.", DefaultValueFactory = _ => 100 };
        var command = new Command("clip", "Measures CLIP image embeddings per second and semantic search latency; prints JSON.")
        {
            model, images, batchSize, embeddings, queries,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var modelPath = parse.GetValue(model);
            var encoder = modelPath is null
                ? null
                : await ClipBenchmark.MeasureImageEncoderAsync(modelPath, parse.GetValue(images), parse.GetValue(batchSize), cancellationToken);
            var search = await ClipBenchmark.MeasureSearchAsync(parse.GetValue(embeddings), parse.GetValue(queries), cancellationToken: cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync(JsonSerializer.Serialize(new Report(encoder, search), Json));
            return 0;
        });
        return command;
    }

    private sealed record Report(
        [property: JsonPropertyName("encoder")] ClipEncoderBenchmark? Encoder,
        [property: JsonPropertyName("search")] ClipSearchBenchmark Search);
}
