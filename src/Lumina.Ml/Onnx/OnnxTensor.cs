using System.Buffers;

namespace Lumina.Ml.Onnx;

/// <summary>
/// An OrtValue holding a tensor: either an input over a pinned managed buffer (unpinned when the value
/// is released) or an output allocated by ONNX Runtime.
/// </summary>
public sealed class OnnxTensor : OrtHandle
{
    private MemoryHandle pin;
    private (OnnxElementType ElementType, long[] Shape)? typeAndShape;

    private unsafe OnnxTensor(OrtApi api)
        : base(api, api.ReleaseValue)
    {
    }

    public OnnxElementType ElementType => TypeAndShape().ElementType;

    public IReadOnlyList<long> Shape => TypeAndShape().Shape;

    /// <summary>Copies the elements out, in row-major order.</summary>
    /// <exception cref="InvalidOperationException">T does not match <see cref="ElementType"/>.</exception>
    public unsafe T[] ToArray<T>()
        where T : unmanaged
    {
        var (type, shape) = TypeAndShape();
        if (ElementTypeOf<T>() != type)
        {
            throw new InvalidOperationException($"The tensor holds {type} elements, not {typeof(T).Name}.");
        }

        using var lease = Borrow();
        void* data;
        OrtStatus.Check(Api, Api.GetTensorMutableData(lease.Pointer, &data), "Reading a tensor's data");
        return new ReadOnlySpan<T>(data, checked((int)ElementCount(shape))).ToArray();
    }

    internal static unsafe OnnxTensor Create<T>(OnnxRuntime runtime, Memory<T> data, ReadOnlySpan<long> shape)
        where T : unmanaged
    {
        var type = ElementTypeOf<T>();
        var count = ElementCount(shape);
        if (count != data.Length)
        {
            throw new ArgumentException(
                $"A tensor of shape [{string.Join(',', shape.ToArray())}] holds {count} elements; the buffer has {data.Length}.", nameof(data));
        }

        var tensor = new OnnxTensor(runtime.Api);
        var pin = data.Pin();
        try
        {
            using var memory = runtime.CpuMemory.Borrow();
            nint value;
            fixed (long* dims = shape)
            {
                OrtStatus.Check(
                    runtime.Api,
                    runtime.Api.CreateTensorWithDataAsOrtValue(memory.Pointer, pin.Pointer, (nuint)(count * sizeof(T)), dims, (nuint)shape.Length, type, &value),
                    "Creating a tensor");
            }

            tensor.pin = pin;
            tensor.Own(value);
            return tensor;
        }
        catch
        {
            pin.Dispose();
            throw;
        }
    }

    internal static OnnxTensor FromOutput(OrtApi api, nint value)
    {
        var tensor = new OnnxTensor(api);
        tensor.Own(value);
        return tensor;
    }

    protected override bool ReleaseHandle()
    {
        base.ReleaseHandle();
        pin.Dispose();
        return true;
    }

    private static OnnxElementType ElementTypeOf<T>() => typeof(T) switch
    {
        var t when t == typeof(float) => OnnxElementType.Float,
        var t when t == typeof(int) => OnnxElementType.Int32,
        var t when t == typeof(long) => OnnxElementType.Int64,
        var t => throw new NotSupportedException($"Tensors of {t.Name} are not supported; use float, int or long."),
    };

    private static long ElementCount(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (var dim in shape)
        {
            if (dim < 0)
            {
                throw new ArgumentException($"A tensor dimension cannot be negative ({dim}).", nameof(shape));
            }

            count *= dim;
        }

        return count;
    }

    private (OnnxElementType ElementType, long[] Shape) TypeAndShape()
    {
        if (typeAndShape is { } known)
        {
            return known;
        }

        using var lease = Borrow();
        using var info = new OrtTensorTypeAndShapeHandle(Api, lease.Pointer);
        using var infoLease = info.Borrow();
        var read = OrtTensorShape.Read(Api, infoLease.Pointer);
        typeAndShape = read;
        return read;
    }
}
