namespace Lumina.Ml.Onnx;

// Raw declarations of the ONNX Runtime C API (include/onnxruntime/core/session/onnxruntime_c_api.h).
// Opaque Ort* objects are nint; OrtStatus* results are nint, null meaning success; char* is UTF-8.

/// <summary>struct OrtApiBase: what OrtGetApiBase() returns.</summary>
internal unsafe struct OrtApiBase
{
    public delegate* unmanaged<uint, void**> GetApi;
    public delegate* unmanaged<byte*> GetVersionString;
}

/// <summary>
/// struct OrtApi: a table of function pointers. Each entry is read at its position in the header's
/// struct; the table is append-only, so these indices hold for every API version that has them.
/// </summary>
internal readonly unsafe struct OrtApi(void** table)
{
    public delegate* unmanaged<nint, OrtErrorCode> GetErrorCode => (delegate* unmanaged<nint, OrtErrorCode>)table[1];
    public delegate* unmanaged<nint, byte*> GetErrorMessage => (delegate* unmanaged<nint, byte*>)table[2];
    public delegate* unmanaged<int, byte*, nint*, nint> CreateEnv => (delegate* unmanaged<int, byte*, nint*, nint>)table[3];
    public delegate* unmanaged<nint, byte*, nint, nint*, nint> CreateSession => (delegate* unmanaged<nint, byte*, nint, nint*, nint>)table[7];

    public delegate* unmanaged<nint, nint, byte**, nint*, nuint, byte**, nuint, nint*, nint> Run =>
        (delegate* unmanaged<nint, nint, byte**, nint*, nuint, byte**, nuint, nint*, nint>)table[9];

    public delegate* unmanaged<nint*, nint> CreateSessionOptions => (delegate* unmanaged<nint*, nint>)table[10];
    public delegate* unmanaged<nint, int, nint> SetSessionGraphOptimizationLevel => (delegate* unmanaged<nint, int, nint>)table[23];
    public delegate* unmanaged<nint, int, nint> SetIntraOpNumThreads => (delegate* unmanaged<nint, int, nint>)table[24];
    public delegate* unmanaged<nint, int, nint> SetInterOpNumThreads => (delegate* unmanaged<nint, int, nint>)table[25];
    public delegate* unmanaged<nint, nuint*, nint> SessionGetInputCount => (delegate* unmanaged<nint, nuint*, nint>)table[30];
    public delegate* unmanaged<nint, nuint*, nint> SessionGetOutputCount => (delegate* unmanaged<nint, nuint*, nint>)table[31];
    public delegate* unmanaged<nint, nuint, nint*, nint> SessionGetInputTypeInfo => (delegate* unmanaged<nint, nuint, nint*, nint>)table[33];
    public delegate* unmanaged<nint, nuint, nint*, nint> SessionGetOutputTypeInfo => (delegate* unmanaged<nint, nuint, nint*, nint>)table[34];
    public delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetInputName => (delegate* unmanaged<nint, nuint, nint, byte**, nint>)table[36];
    public delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetOutputName => (delegate* unmanaged<nint, nuint, nint, byte**, nint>)table[37];
    public delegate* unmanaged<nint*, nint> CreateRunOptions => (delegate* unmanaged<nint*, nint>)table[39];
    public delegate* unmanaged<nint, nint> RunOptionsSetTerminate => (delegate* unmanaged<nint, nint>)table[46];

    public delegate* unmanaged<nint, void*, nuint, long*, nuint, OnnxElementType, nint*, nint> CreateTensorWithDataAsOrtValue =>
        (delegate* unmanaged<nint, void*, nuint, long*, nuint, OnnxElementType, nint*, nint>)table[49];

    public delegate* unmanaged<nint, void**, nint> GetTensorMutableData => (delegate* unmanaged<nint, void**, nint>)table[51];
    public delegate* unmanaged<nint, nint*, nint> CastTypeInfoToTensorInfo => (delegate* unmanaged<nint, nint*, nint>)table[55];
    public delegate* unmanaged<nint, OnnxElementType*, nint> GetTensorElementType => (delegate* unmanaged<nint, OnnxElementType*, nint>)table[60];
    public delegate* unmanaged<nint, nuint*, nint> GetDimensionsCount => (delegate* unmanaged<nint, nuint*, nint>)table[61];
    public delegate* unmanaged<nint, long*, nuint, nint> GetDimensions => (delegate* unmanaged<nint, long*, nuint, nint>)table[62];
    public delegate* unmanaged<nint, nint*, nint> GetTensorTypeAndShape => (delegate* unmanaged<nint, nint*, nint>)table[65];
    public delegate* unmanaged<int, int, nint*, nint> CreateCpuMemoryInfo => (delegate* unmanaged<int, int, nint*, nint>)table[69];
    public delegate* unmanaged<nint, void*, nint> AllocatorFree => (delegate* unmanaged<nint, void*, nint>)table[76];
    public delegate* unmanaged<nint*, nint> GetAllocatorWithDefaultOptions => (delegate* unmanaged<nint*, nint>)table[78];
    public delegate* unmanaged<nint, void> ReleaseEnv => (delegate* unmanaged<nint, void>)table[92];
    public delegate* unmanaged<nint, void> ReleaseStatus => (delegate* unmanaged<nint, void>)table[93];
    public delegate* unmanaged<nint, void> ReleaseMemoryInfo => (delegate* unmanaged<nint, void>)table[94];
    public delegate* unmanaged<nint, void> ReleaseSession => (delegate* unmanaged<nint, void>)table[95];
    public delegate* unmanaged<nint, void> ReleaseValue => (delegate* unmanaged<nint, void>)table[96];
    public delegate* unmanaged<nint, void> ReleaseRunOptions => (delegate* unmanaged<nint, void>)table[97];
    public delegate* unmanaged<nint, void> ReleaseTypeInfo => (delegate* unmanaged<nint, void>)table[98];
    public delegate* unmanaged<nint, void> ReleaseTensorTypeAndShapeInfo => (delegate* unmanaged<nint, void>)table[99];
    public delegate* unmanaged<nint, void> ReleaseSessionOptions => (delegate* unmanaged<nint, void>)table[100];
}
