namespace Lumina.Ml.Clip;

/// <summary>An input or output of an encoder model: its name, element type and shape, -1 for a dynamic dimension.</summary>
/// <param name="ElementType">The .NET type of the tensor's elements (float, int, long, ...); null when the node is not a tensor.</param>
public sealed record EncoderNode(string Name, Type? ElementType, IReadOnlyList<long> Shape)
{
    public int Rank => Shape.Count;

    public override string ToString() => ElementType is null
        ? $"{Name}: not a tensor"
        : $"{Name}: {(ElementType == typeof(float) ? "Float" : ElementType.Name)}[{string.Join(',', Shape)}]";
}
