namespace Lumina.Ml.Onnx;

// The native objects the public wrappers use internally.

internal sealed unsafe class OrtEnvHandle : OrtHandle
{
    public OrtEnvHandle(OrtApi api, int logSeverity, string logId)
        : base(api, api.ReleaseEnv)
    {
        nint env;
        fixed (byte* id = Utf8.Terminated(logId))
        {
            OrtStatus.Check(api, api.CreateEnv(logSeverity, id, &env), "Creating the ONNX Runtime environment");
        }

        Own(env);
    }
}

internal sealed unsafe class OrtMemoryInfoHandle : OrtHandle
{
    private const int DeviceAllocator = 0;
    private const int DefaultMemType = 0;

    /// <summary>Describes ordinary CPU memory, the kind managed buffers live in.</summary>
    public OrtMemoryInfoHandle(OrtApi api)
        : base(api, api.ReleaseMemoryInfo)
    {
        nint info;
        OrtStatus.Check(api, api.CreateCpuMemoryInfo(DeviceAllocator, DefaultMemType, &info), "Describing CPU memory");
        Own(info);
    }
}

internal sealed unsafe class OrtSessionOptionsHandle : OrtHandle
{
    public OrtSessionOptionsHandle(OrtApi api, OnnxSessionOptions options)
        : base(api, api.ReleaseSessionOptions)
    {
        nint created;
        OrtStatus.Check(api, api.CreateSessionOptions(&created), "Creating session options");
        Own(created);
        try
        {
            OrtStatus.Check(api, api.SetIntraOpNumThreads(created, options.IntraOpThreads), "Setting IntraOpThreads");
            OrtStatus.Check(api, api.SetInterOpNumThreads(created, options.InterOpThreads), "Setting InterOpThreads");
            OrtStatus.Check(api, api.SetSessionGraphOptimizationLevel(created, (int)options.GraphOptimization), "Setting GraphOptimization");
        }
        catch
        {
            Dispose();
            throw;
        }
    }
}

internal sealed unsafe class OrtRunOptionsHandle : OrtHandle
{
    public OrtRunOptionsHandle(OrtApi api)
        : base(api, api.ReleaseRunOptions)
    {
        nint created;
        OrtStatus.Check(api, api.CreateRunOptions(&created), "Creating run options");
        Own(created);
    }

    /// <summary>Asks a run under way with these options to stop; safe from another thread.</summary>
    public void Terminate()
    {
        using var lease = Borrow();
        OrtStatus.Check(Api, Api.RunOptionsSetTerminate(lease.Pointer), "Stopping a run");
    }
}

internal sealed unsafe class OrtTypeInfoHandle : OrtHandle
{
    private OrtTypeInfoHandle(OrtApi api)
        : base(api, api.ReleaseTypeInfo)
    {
    }

    public static OrtTypeInfoHandle ForSessionNode(OrtApi api, nint session, nuint index, bool input)
    {
        var result = new OrtTypeInfoHandle(api);
        nint info;
        var status = input ? api.SessionGetInputTypeInfo(session, index, &info) : api.SessionGetOutputTypeInfo(session, index, &info);
        OrtStatus.Check(api, status, input ? "Reading an input's type" : "Reading an output's type");
        result.Own(info);
        return result;
    }

    /// <summary>The tensor type and shape inside, owned by this type info; 0 when the node is not a tensor.</summary>
    public nint TensorInfo()
    {
        using var lease = Borrow();
        nint tensorInfo;
        OrtStatus.Check(Api, Api.CastTypeInfoToTensorInfo(lease.Pointer, &tensorInfo), "Reading a tensor type");
        return tensorInfo;
    }
}

internal sealed unsafe class OrtTensorTypeAndShapeHandle : OrtHandle
{
    public OrtTensorTypeAndShapeHandle(OrtApi api, nint value)
        : base(api, api.ReleaseTensorTypeAndShapeInfo)
    {
        nint info;
        OrtStatus.Check(api, api.GetTensorTypeAndShape(value, &info), "Reading a tensor's shape");
        Own(info);
    }
}
