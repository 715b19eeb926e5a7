using System.Runtime.InteropServices;

namespace Lumina.Imaging.Vips;

/// <summary>
/// Bytes pinned for libvips, which reads buffers in place without copying. Every image that reads
/// the buffer holds a reference, so the bytes stay pinned until the last of them is released.
/// </summary>
public sealed class PinnedBuffer : SafeHandle
{
    private GCHandle _pin;

    public PinnedBuffer(byte[] bytes)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        Bytes = bytes;
        _pin = GCHandle.Alloc(bytes, GCHandleType.Pinned);
        SetHandle(_pin.AddrOfPinnedObject());
    }

    public byte[] Bytes { get; }

    public override bool IsInvalid => handle == IntPtr.Zero;

    internal unsafe byte* Pointer => (byte*)handle;

    protected override bool ReleaseHandle()
    {
        _pin.Free();
        return true;
    }
}
