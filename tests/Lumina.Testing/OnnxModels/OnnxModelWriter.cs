namespace Lumina.Testing.OnnxModels;

/// <summary>
/// Builds an ONNX ModelProto (onnx/onnx.proto field numbers) from a few nodes, one float initializer,
/// and typed inputs and outputs. A dimension is a number, or a name for a dynamic one.
/// </summary>
public sealed class OnnxModelWriter
{
    public const int Float = 1;
    public const int Int32 = 6;
    public const int Int64 = 7;

    private const long IrVersion = 8;
    private const long Opset = 17;

    private readonly ProtoWriter graph = new ProtoWriter().String(2, "lumina_tiny_clip");

    public OnnxModelWriter Input(string name, int elementType, params object[] dims)
    {
        graph.Message(11, ValueInfo(name, elementType, dims));
        return this;
    }

    public OnnxModelWriter Output(string name, int elementType, params object[] dims)
    {
        graph.Message(12, ValueInfo(name, elementType, dims));
        return this;
    }

    public OnnxModelWriter FloatInitializer(string name, float[] values, params long[] dims)
    {
        var tensor = new ProtoWriter().PackedInts(1, dims).Int(2, Float).String(8, name).Bytes(9, ProtoWriter.RawFloats(values));
        graph.Message(5, tensor);
        return this;
    }

    public OnnxModelWriter Node(string opType, string[] inputs, string[] outputs, params ProtoWriter[] attributes)
    {
        var node = new ProtoWriter();
        foreach (var input in inputs)
        {
            node.String(1, input);
        }

        foreach (var output in outputs)
        {
            node.String(2, output);
        }

        node.String(3, $"{opType}_{outputs[0]}").String(4, opType);
        foreach (var attribute in attributes)
        {
            node.Message(5, attribute);
        }

        graph.Message(1, node);
        return this;
    }

    public static ProtoWriter IntAttribute(string name, long value) => new ProtoWriter().String(1, name).Int(3, value).Int(20, 2);

    public static ProtoWriter IntsAttribute(string name, params long[] values)
    {
        var attribute = new ProtoWriter().String(1, name);
        foreach (var value in values)
        {
            attribute.Int(8, value);
        }

        return attribute.Int(20, 7);
    }

    public byte[] ToBytes()
    {
        var opset = new ProtoWriter().String(1, "").Int(2, Opset);
        return new ProtoWriter()
            .Int(1, IrVersion)
            .String(2, "Lumina.Ml.Tests")
            .Message(7, graph)
            .Message(8, opset)
            .ToArray();
    }

    private static ProtoWriter ValueInfo(string name, int elementType, object[] dims)
    {
        var shape = new ProtoWriter();
        foreach (var dim in dims)
        {
            shape.Message(1, dim is string param ? new ProtoWriter().String(2, param) : new ProtoWriter().Int(1, Convert.ToInt64(dim)));
        }

        var tensorType = new ProtoWriter().Int(1, elementType).Message(2, shape);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensorType));
    }
}
