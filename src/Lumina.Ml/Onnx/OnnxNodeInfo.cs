namespace Lumina.Ml.Onnx;

/// <summary>An input or output of a model: its name, element type and shape, -1 for a dynamic dimension.</summary>
/// <remarks>A non-tensor node (sequence, map) has <see cref="OnnxElementType.Undefined"/> and an empty shape.</remarks>
public sealed record OnnxNodeInfo(string Name, OnnxElementType ElementType, IReadOnlyList<long> Shape)
{
    public int Rank => Shape.Count;

    public override string ToString() => $"{Name}: {ElementType}[{string.Join(',', Shape)}]";
}
