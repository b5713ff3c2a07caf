using Pipeline.Torch.Native;

namespace Pipeline.Torch;

// Raw byte access for serialisation (safetensors): one copy each way, any shape including 0-dim.
public sealed partial class Tensor
{
    /// <summary>The elements' bytes in row-major order, copied from any device and layout (native byte order).</summary>
    internal unsafe byte[] ToBytes()
    {
        var result = new byte[checked(numel() * dtype.ElementSize())];
        fixed (byte* p = result) Status.Check(NativeMethods.pt_tensor_copy_to(Handle, p, result.Length));
        return result;
    }

    /// <summary>A CPU tensor of the given type and shape over a copy of the bytes; their count must match exactly.</summary>
    internal static unsafe Tensor FromBytes(ReadOnlySpan<byte> bytes, ScalarType dtype, long[] shape)
    {
        fixed (byte* p = bytes)
        fixed (long* s = shape)
        {
            Status.Check(NativeMethods.pt_tensor_from_data(p, bytes.Length, (int)dtype, s, shape.Length, out var t));
            return new Tensor(t);
        }
    }
}
