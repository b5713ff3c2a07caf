using System.Runtime.InteropServices;

namespace Pipeline.Torch.Native;

/// <summary>Owns one reference to a native tensor. Freed by Dispose; the finalizer is only a backstop.</summary>
internal sealed class TensorHandle : SafeHandle
{
    public TensorHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.pt_tensor_free(handle);
        return true;
    }
}
