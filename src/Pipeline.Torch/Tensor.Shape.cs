using Pipeline.Torch.Native;

namespace Pipeline.Torch;

// Views, layout, devices and indexing.
public sealed partial class Tensor
{
    public Tensor view(params long[] size) => Aten.Call("aten::view", this, size);
    public Tensor reshape(params long[] size) => Aten.Call("aten::reshape", this, size);
    public Tensor permute(params long[] dims) => Aten.Call("aten::permute", this, dims);
    public Tensor transpose(long dim0, long dim1) => Aten.CallOverload("aten::transpose", "int", this, dim0, dim1);
    public Tensor flatten(long start_dim = 0, long end_dim = -1) => Aten.CallOverload("aten::flatten", "using_ints", this, start_dim, end_dim);
    public Tensor squeeze(long dim) => Aten.CallOverload("aten::squeeze", "dim", this, dim);
    public Tensor unsqueeze(long dim) => Aten.Call("aten::unsqueeze", this, dim);
    public Tensor expand(params long[] size) => Aten.Call("aten::expand", this, size);
    public Tensor repeat(params long[] repeats) => Aten.Call("aten::repeat", this, repeats);
    public Tensor flip(params long[] dims) => Aten.Call("aten::flip", this, dims);
    public Tensor narrow(long dim, long start, long length) => Aten.Call("aten::narrow", this, dim, start, length);
    public Tensor select(long dim, long index) => Aten.CallOverload("aten::select", "int", this, dim, index);
    public Tensor slice(long dim, long? start, long? end, long step = 1) =>
        Aten.CallOverload("aten::slice", "Tensor", this, dim, Arg.Optional(start), Arg.Optional(end), step);
    public Tensor[] split(long split_size, long dim = 0) => Aten.CallMany("aten::split", "Tensor", this, split_size, dim);
    public Tensor[] unbind(long dim = 0) => Aten.CallMany("aten::unbind", "int", this, dim);

    public Tensor contiguous(MemoryFormat memory_format = MemoryFormat.Contiguous) => Aten.Call("aten::contiguous", this, memory_format);
    /// <summary>
    /// Whether the strides are dense in the given order (row-major, or NHWC for channels-last), as libtorch
    /// decides it: size-1 dimensions are skipped, an empty tensor is contiguous, and channels-last needs 4 dimensions.
    /// </summary>
    public bool is_contiguous(MemoryFormat format = MemoryFormat.Contiguous)
    {
        var sizes = shape;
        var strides = stride();
        if (format == MemoryFormat.ChannelsLast && sizes.Length != 4) return false;
        if (format != MemoryFormat.ChannelsLast && sizes.Contains(0)) return true;
        var order = format == MemoryFormat.ChannelsLast ? new[] { 1, 3, 2, 0 } : Enumerable.Range(0, sizes.Length).Reverse().ToArray();
        long expected = 1;
        foreach (var d in order)
        {
            if (sizes[d] != 1 && strides[d] != expected) return false;
            expected *= sizes[d];
        }
        return true;
    }

    public Tensor clone() => Aten.Call("aten::clone", this);
    public Tensor detach() => Aten.Call("aten::detach", this);

    public Tensor to(ScalarType type, bool non_blocking = false) =>
        Aten.CallOverload("aten::to", "dtype", this, type, non_blocking);

    public Tensor to(Device target, bool non_blocking = false) =>
        Aten.CallOverload("aten::to", "device", this, target, dtype, non_blocking);

    public Tensor to(Device target, ScalarType type, bool non_blocking = false) =>
        Aten.CallOverload("aten::to", "device", this, target, type, non_blocking);

    public Tensor cpu() => to(Device.CPU);
    public Tensor cuda(int index = 0) => to(Device.CUDA(index));

    public Tensor index_select(long dim, Tensor index) => Aten.Call("aten::index_select", this, dim, index);
    public Tensor gather(long dim, Tensor index) => Aten.Call("aten::gather", this, dim, index);
    public Tensor scatter(long dim, Tensor index, Tensor src) => Aten.CallOverload("aten::scatter", "src", this, dim, index, src);
    public Tensor scatter(long dim, Tensor index, Scalar value) => Aten.CallOverload("aten::scatter", "value", this, dim, index, value);
    public Tensor scatter_add(long dim, Tensor index, Tensor src) => Aten.Call("aten::scatter_add", this, dim, index, src);

    /// <summary>Advanced indexing, x[i0, i1, ...]; a null entry stands for a full slice (":").</summary>
    public Tensor index(params Tensor?[] indices) => Aten.CallOverload("aten::index", "Tensor", this, indices);

    public Tensor index_put_(Tensor?[] indices, Tensor values, bool accumulate = false)
    {
        Aten.CallInPlace("aten::index_put_", "", this, indices, values, accumulate);
        return this;
    }

    public Tensor masked_fill(Tensor mask, Scalar value) => Aten.CallOverload("aten::masked_fill", "Scalar", this, mask, value);
    public Tensor masked_select(Tensor mask) => Aten.Call("aten::masked_select", this, mask);
}
