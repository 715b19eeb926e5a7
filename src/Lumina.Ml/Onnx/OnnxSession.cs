using System.Runtime.InteropServices;
using System.Text;

namespace Lumina.Ml.Onnx;

/// <summary>
/// An OrtSession: one loaded model, with its inputs and outputs read from the model. Runs may be made
/// from several threads at once. The session keeps the runtime's environment alive until released.
/// </summary>
public sealed class OnnxSession : OrtHandle
{
    private OrtHandle.Lease environment;

    private unsafe OnnxSession(OrtApi api, string modelPath)
        : base(api, api.ReleaseSession)
    {
        ModelPath = modelPath;
    }

    public string ModelPath { get; }

    public IReadOnlyList<OnnxNodeInfo> Inputs { get; private set; } = [];

    public IReadOnlyList<OnnxNodeInfo> Outputs { get; private set; } = [];

    /// <summary>
    /// Runs the model. The caller owns the returned tensors, in the order of <paramref name="outputNames"/>.
    /// Cancellation asks ONNX Runtime to stop the run (it checks between operators).
    /// </summary>
    /// <exception cref="OnnxRuntimeException">The runtime rejected the inputs or failed; its message is included.</exception>
    public unsafe OnnxTensor[] Run(
        IReadOnlyList<(string Name, OnnxTensor Tensor)> inputs,
        IReadOnlyList<string> outputNames,
        CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var leases = new List<Lease>(inputs.Count + 1);
        try
        {
            leases.Add(Borrow());
            foreach (var input in inputs)
            {
                leases.Add(input.Tensor.Borrow());
            }

            using var runOptions = new OrtRunOptionsHandle(Api);
            using var registration = cancellationToken.Register(runOptions.Terminate);
            using var runOptionsLease = runOptions.Borrow();
            var (names, offsets) = JoinNames(inputs.Select(i => i.Name).Concat(outputNames));
            var namePointers = stackalloc byte*[offsets.Length];
            var inputValues = stackalloc nint[inputs.Count];
            var outputValues = stackalloc nint[outputNames.Count];
            for (var i = 0; i < inputs.Count; i++)
            {
                inputValues[i] = leases[i + 1].Pointer;
            }

            new Span<nint>(outputValues, outputNames.Count).Clear();
            nint status;
            fixed (byte* text = names)
            {
                for (var i = 0; i < offsets.Length; i++)
                {
                    namePointers[i] = text + offsets[i];
                }

                status = Api.Run(
                    leases[0].Pointer, runOptionsLease.Pointer,
                    namePointers, inputValues, (nuint)inputs.Count,
                    namePointers + inputs.Count, (nuint)outputNames.Count, outputValues);
            }

            var operation = $"Running the model '{Path.GetFileName(ModelPath)}'";
            if (status != 0 && cancellationToken.IsCancellationRequested)
            {
                try
                {
                    OrtStatus.Check(Api, status, operation);
                }
                catch (OnnxRuntimeException e)
                {
                    throw new OperationCanceledException(operation + " was cancelled.", e, cancellationToken);
                }
            }

            OrtStatus.Check(Api, status, operation);
            var outputs = new OnnxTensor[outputNames.Count];
            for (var i = 0; i < outputs.Length; i++)
            {
                outputs[i] = OnnxTensor.FromOutput(Api, outputValues[i]);
            }

            return outputs;
        }
        finally
        {
            foreach (var lease in leases)
            {
                lease.Dispose();
            }
        }
    }

    internal static unsafe OnnxSession Open(OnnxRuntime runtime, string modelPath, OnnxSessionOptions options)
    {
        var api = runtime.Api;
        var fullPath = Path.GetFullPath(modelPath);
        var session = new OnnxSession(api, fullPath);
        using var sessionOptions = new OrtSessionOptionsHandle(api, options);
        using var optionsLease = sessionOptions.Borrow();
        var environment = runtime.Environment.Borrow();
        try
        {
            nint created;
            fixed (byte* path = Utf8.Terminated(fullPath))
            {
                OrtStatus.Check(api, api.CreateSession(environment.Pointer, path, optionsLease.Pointer, &created), $"Opening the ONNX model '{fullPath}'");
            }

            session.environment = environment;
            session.Own(created);
        }
        catch
        {
            environment.Dispose();
            throw;
        }

        try
        {
            using var lease = session.Borrow();
            session.Inputs = ReadNodes(api, lease.Pointer, input: true);
            session.Outputs = ReadNodes(api, lease.Pointer, input: false);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    protected override bool ReleaseHandle()
    {
        base.ReleaseHandle();
        environment.Dispose();
        return true;
    }

    private static unsafe OnnxNodeInfo[] ReadNodes(OrtApi api, nint session, bool input)
    {
        nuint count;
        OrtStatus.Check(api, input ? api.SessionGetInputCount(session, &count) : api.SessionGetOutputCount(session, &count), "Counting a model's nodes");
        nint allocator;
        OrtStatus.Check(api, api.GetAllocatorWithDefaultOptions(&allocator), "Getting the default allocator");
        var nodes = new OnnxNodeInfo[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            byte* name;
            OrtStatus.Check(api, input ? api.SessionGetInputName(session, i, allocator, &name) : api.SessionGetOutputName(session, i, allocator, &name), "Reading a node's name");
            var text = Marshal.PtrToStringUTF8((nint)name) ?? "";
            OrtStatus.Check(api, api.AllocatorFree(allocator, name), "Freeing a node's name");

            using var typeInfo = OrtTypeInfoHandle.ForSessionNode(api, session, i, input);
            var tensorInfo = typeInfo.TensorInfo();
            var (type, shape) = tensorInfo == 0 ? (OnnxElementType.Undefined, []) : OrtTensorShape.Read(api, tensorInfo);
            nodes[(int)i] = new OnnxNodeInfo(text, type, shape);
        }

        return nodes;
    }

    private static (byte[] Text, int[] Offsets) JoinNames(IEnumerable<string> names)
    {
        var text = new List<byte>();
        var offsets = new List<int>();
        foreach (var name in names)
        {
            offsets.Add(text.Count);
            text.AddRange(Encoding.UTF8.GetBytes(name));
            text.Add(0);
        }

        return ([.. text], [.. offsets]);
    }
}
