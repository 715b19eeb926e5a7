using Lumina.Ml.Clip.Tokenizer;

namespace Lumina.Ml.Clip;

/// <summary>The two common ONNX exports of a CLIP model (see docs/clip-models.md).</summary>
public enum ClipModelLayout
{
    /// <summary>Hugging Face (Optimum, transformers.js): onnx/vision_model.onnx, onnx/text_model.onnx, tokenizer files at the top.</summary>
    HuggingFace,

    /// <summary>Immich (open_clip): visual/model.onnx, textual/model.onnx, tokenizer files in textual/.</summary>
    Immich,
}

/// <summary>The files of a CLIP model folder, found and checked by <see cref="Inspect"/>.</summary>
public sealed record ClipModelFolder(
    string Path,
    string Name,
    ClipModelLayout Layout,
    string VisionModel,
    string TextModel,
    ClipTokenizerFiles Tokenizer,
    string? Preprocessing)
{
    private const string Expected =
        "expected a Hugging Face export (onnx/vision_model.onnx and onnx/text_model.onnx, or both at the top, with " +
        "vocab.json + merges.txt or tokenizer.json) or an Immich export (visual/model.onnx and textual/model.onnx, " +
        "with textual/tokenizer.json); see docs/clip-models.md";

    /// <summary>Finds the layout and files of a model folder.</summary>
    /// <exception cref="ClipModelException">The folder is missing, or lacks a file its layout needs; the message names it.</exception>
    public static ClipModelFolder Inspect(string path)
    {
        var root = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(root))
        {
            throw new ClipModelException($"The CLIP model folder '{root}' does not exist.");
        }

        var name = new DirectoryInfo(root).Name;
        string? Existing(params string[] relatives) => relatives.Select(r => System.IO.Path.Combine(root, r)).FirstOrDefault(File.Exists);

        if (Existing("visual/model.onnx", "textual/model.onnx") is not null)
        {
            var textual = System.IO.Path.Combine(root, "textual");
            return new ClipModelFolder(
                root, name, ClipModelLayout.Immich,
                Existing("visual/model.onnx") ?? throw Lacks(root, "Immich", "visual/model.onnx"),
                Existing("textual/model.onnx") ?? throw Lacks(root, "Immich", "textual/model.onnx"),
                ClipTokenizerFiles.Find(textual, root) ?? throw Lacks(root, "Immich", "tokenizer files in textual/ (tokenizer.json, or vocab.json + merges.txt)"),
                Existing("visual/preprocess_cfg.json"));
        }

        if (Existing("onnx/vision_model.onnx", "vision_model.onnx", "onnx/text_model.onnx", "text_model.onnx") is not null)
        {
            return new ClipModelFolder(
                root, name, ClipModelLayout.HuggingFace,
                Existing("onnx/vision_model.onnx", "vision_model.onnx") ?? throw Lacks(root, "Hugging Face", "onnx/vision_model.onnx"),
                Existing("onnx/text_model.onnx", "text_model.onnx") ?? throw Lacks(root, "Hugging Face", "onnx/text_model.onnx"),
                ClipTokenizerFiles.Find(root) ?? throw Lacks(root, "Hugging Face", "tokenizer files (vocab.json + merges.txt, or tokenizer.json)"),
                Existing("preprocessor_config.json"));
        }

        var entries = Directory.EnumerateFileSystemEntries(root).Select(e => System.IO.Path.GetFileName(e) + (Directory.Exists(e) ? "/" : "")).Order().Take(20).ToList();
        throw new ClipModelException(
            $"'{root}' is not a CLIP model folder: {Expected}. It holds: {(entries.Count == 0 ? "nothing" : string.Join(", ", entries))}.");
    }

    private static ClipModelException Lacks(string root, string layout, string what) =>
        new($"The CLIP model folder '{root}' has the {layout} layout but no {what}; {Expected}.");
}
