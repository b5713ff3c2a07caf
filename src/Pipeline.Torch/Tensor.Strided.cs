using Pipeline.Torch.Native;

namespace Pipeline.Torch;

public sealed partial class Tensor
{
    /// <summary>A view with explicit sizes, strides and storage offset (how PyTorch rebuilds saved tensors).</summary>
    public Tensor as_strided(long[] size, long[] stride, long storage_offset = 0) =>
        Aten.Call("aten::as_strided", this, size, stride, storage_offset);
}
