using Lumina.Ml.Clip.Tokenizer;

namespace Lumina.Ml.Clip;

/// <summary>
/// CLIP's text tower with its tokenizer: texts in, L2-normalized embeddings out. Reads from the model
/// the token input (int32 or int64, e.g. <c>input_ids</c> or <c>text</c>), an optional
/// <c>attention_mask</c>, the context length and any fixed batch size. Thread-safe.
/// </summary>
public sealed class ClipTextEncoder : IClipTextEncoder, IDisposable
{
    private const string AttentionMask = "attention_mask";

    private readonly EncoderSession session;
    private readonly EncoderNode ids;
    private readonly EncoderNode? mask;
    private readonly EmbeddingBatches batches;

    private ClipTextEncoder(EncoderSession session, ClipTokenizer tokenizer, ModelIdentity identity, ClipEncoderOptions options)
    {
        this.session = session;
        Tokenizer = tokenizer;
        Identity = identity;
        var integers = session.Inputs.Where(i => i.Rank == 2 && (i.ElementType == typeof(int) || i.ElementType == typeof(long))).ToList();
        mask = integers.FirstOrDefault(i => i.Name == AttentionMask);
        var tokenInputs = integers.Where(i => i != mask).ToList();
        if (tokenInputs.Count != 1 || integers.Count != session.Inputs.Count || (mask is not null && mask.ElementType != tokenInputs[0].ElementType))
        {
            throw EncoderSignature.Mismatch(session, $"one int32 or int64 input of shape [batch, context], and optionally an {AttentionMask} of the same type");
        }

        ids = tokenInputs[0];
        if (EncoderSignature.Fixed(ids.Shape[1]) is { } context && context != tokenizer.ContextLength)
        {
            throw EncoderSignature.Mismatch(session, $"a context of {tokenizer.ContextLength} tokens (the tokenizer's), not {context}");
        }

        var output = EncoderSignature.EmbeddingOutput(session, "text_embeds", "embedding", "embeddings", "text_features");
        var fixedBatch = EncoderSignature.Fixed(ids.Shape[0]);
        EmbeddingDimension = EncoderSignature.Fixed(output.Shape[1]) ?? 0;
        batches = new EmbeddingBatches(session, output, fixedBatch ?? options.BatchSize, fixedBatch is not null);
    }

    public ModelIdentity Identity { get; }

    public ClipTokenizer Tokenizer { get; }

    /// <summary>The embedding length the model declares; 0 when it leaves it dynamic.</summary>
    public int EmbeddingDimension { get; }

    /// <summary>Opens a text model file with the tokenizer read from <paramref name="tokenizerFiles"/>, using the model's context length when it fixes one.</summary>
    /// <exception cref="ClipModelException">The file is not a model ONNX Runtime can load, or its inputs or outputs are not those of a CLIP text encoder.</exception>
    public static async Task<ClipTextEncoder> OpenAsync(
        string modelPath,
        ClipTokenizerFiles tokenizerFiles,
        ClipEncoderOptions? options = null,
        string? name = null,
        CancellationToken cancellationToken = default)
    {
        var resolved = options ?? new ClipEncoderOptions();
        return await EncoderSession.OpenAsync(modelPath, resolved, name, async (session, identity) =>
            {
                var context = session.Inputs.Where(i => i.Rank == 2 && i.Name != AttentionMask).Select(i => EncoderSignature.Fixed(i.Shape[1])).FirstOrDefault();
                var tokenizer = await ClipTokenizer.LoadAsync(tokenizerFiles, context ?? ClipTokenizer.DefaultContextLength, cancellationToken);
                return new ClipTextEncoder(session, tokenizer, identity, resolved);
            },
            cancellationToken);
    }

    /// <summary>One L2-normalized embedding per text, in order.</summary>
    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var context = Tokenizer.ContextLength;
        return batches.Run(
            texts.Count,
            (start, rows, batchRows) =>
            {
                var tokens = new long[batchRows * context];
                var attention = new long[batchRows * context];
                tokens.AsSpan().Fill(Tokenizer.PadId);
                for (var row = 0; row < batchRows; row++)
                {
                    // Rows past the texts pad a fixed-size batch; an empty text keeps them valid.
                    var encoded = Tokenizer.Encode(row < rows ? texts[start + row] : "");
                    for (var i = 0; i < encoded.Length; i++)
                    {
                        tokens[(row * context) + i] = encoded[i];
                        attention[(row * context) + i] = 1;
                    }
                }

                var inputs = new List<EncoderInput> { Tensor(ids, tokens, batchRows, context) };
                if (mask is not null)
                {
                    inputs.Add(Tensor(mask, attention, batchRows, context));
                }

                return inputs;
            },
            cancellationToken);
    }

    public void Dispose() => session.Dispose();

    private static EncoderInput Tensor(EncoderNode node, long[] values, int rows, int context) => node.ElementType == typeof(long)
        ? new EncoderInput(node.Name, values, [rows, context])
        : new EncoderInput(node.Name, values.Select(v => (int)v).ToArray(), [rows, context]);
}
