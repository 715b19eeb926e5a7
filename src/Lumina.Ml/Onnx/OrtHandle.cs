using System.Runtime.InteropServices;

namespace Lumina.Ml.Onnx;

/// <summary>A native ONNX Runtime object, released by the OrtApi Release* entry that matches its type.</summary>
public abstract unsafe class OrtHandle : SafeHandle
{
    private readonly delegate* unmanaged<nint, void> release;

    private protected OrtHandle(OrtApi api, delegate* unmanaged<nint, void> release)
        : base(0, ownsHandle: true)
    {
        Api = api;
        this.release = release;
    }

    public override bool IsInvalid => handle == 0;

    private protected OrtApi Api { get; }

    /// <summary>Keeps this object from being released while native code uses its pointer.</summary>
    internal Lease Borrow()
    {
        var added = false;
        DangerousAddRef(ref added);
        return new Lease(this);
    }

    protected override bool ReleaseHandle()
    {
        release(handle);
        return true;
    }

    /// <summary>Takes ownership of a pointer an OrtApi call has just returned.</summary>
    private protected void Own(nint pointer) => SetHandle(pointer);

    internal readonly struct Lease(OrtHandle owner) : IDisposable
    {
        public nint Pointer => owner.DangerousGetHandle();

        public void Dispose() => owner.DangerousRelease();
    }
}
