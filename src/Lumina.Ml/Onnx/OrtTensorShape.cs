namespace Lumina.Ml.Onnx;

/// <summary>Reads an OrtTensorTypeAndShapeInfo the caller keeps alive.</summary>
internal static class OrtTensorShape
{
    public static unsafe (OnnxElementType ElementType, long[] Shape) Read(in OrtApi api, nint info)
    {
        OnnxElementType type;
        OrtStatus.Check(api, api.GetTensorElementType(info, &type), "Reading a tensor's element type");
        nuint rank;
        OrtStatus.Check(api, api.GetDimensionsCount(info, &rank), "Reading a tensor's rank");
        var shape = new long[(int)rank];
        fixed (long* dims = shape)
        {
            OrtStatus.Check(api, api.GetDimensions(info, dims, rank), "Reading a tensor's dimensions");
        }

        return (type, shape);
    }
}
