using Lumina.Functions.Configuration;
using Lumina.Ml.Clip;
using Lumina.Ml.Tagging;

namespace Lumina.Functions.Clip;

/// <summary>
/// The process's CLIP model (LUMINA_CLIP_MODEL), loaded on first use with ONNX Runtime, and the tag
/// vocabulary's concept embeddings, computed once. Without a configured model, CLIP is off.
/// </summary>
public sealed class ClipService(LuminaSettings settings) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ClipModel? _model;
    private ConceptEmbeddings? _concepts;

    public bool Configured => settings.ClipModel is not null;

    /// <summary>The model; throws <see cref="ClipModelException"/> naming what is wrong.</summary>
    public async Task<ClipModel> ModelAsync(CancellationToken ct)
    {
        if (_model is { } loaded)
        {
            return loaded;
        }

        await _gate.WaitAsync(ct);
        try
        {
            if (_model is null)
            {
                var folder = settings.ClipModel ?? throw new ClipModelException("no CLIP model is configured: set LUMINA_CLIP_MODEL to a model folder (see docs/clip-models.md)");
                _model = await ClipModel.LoadAsync(folder, cancellationToken: ct);
            }

            return _model;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The model's identity as stored with each embedding.</summary>
    public async Task<string> IdentityAsync(CancellationToken ct) => (await ModelAsync(ct)).Images.Identity.ToString();

    /// <summary>The tag vocabulary (default, extended or replaced by LUMINA_TAG_VOCABULARY) as prompt-averaged text embeddings.</summary>
    public async Task<ConceptEmbeddings> ConceptsAsync(CancellationToken ct)
    {
        if (_concepts is { } built)
        {
            return built;
        }

        var model = await ModelAsync(ct);
        var vocabulary = settings.TagVocabulary is { } path
            ? await TagVocabulary.LoadUserAsync(path, settings.ReplaceTagVocabulary ? UserVocabularyMode.Replace : UserVocabularyMode.Extend, ct)
            : TagVocabulary.Default;
        return _concepts = ConceptEmbeddings.Build(vocabulary, model.Texts, ct);
    }

    public void Dispose()
    {
        _model?.Dispose();
        _gate.Dispose();
    }
}
