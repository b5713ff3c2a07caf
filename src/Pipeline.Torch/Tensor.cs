using System.Runtime.InteropServices;
using System.Text;
using Pipeline.Torch.Native;

namespace Pipeline.Torch;

/// <summary>
/// A libtorch tensor. Owns one native reference, released by Dispose (or by the dispose scope it was
/// created in). Methods follow PyTorch's names and semantics.
/// </summary>
public sealed partial class Tensor : IDisposable
{
    private readonly TensorHandle handle;
    private DisposeScope? scope;

    internal Tensor(IntPtr native)
    {
        handle = new TensorHandle(native);
        scope = DisposeScope.Current;
        scope?.Register(this);
    }

    internal IntPtr Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(handle.IsClosed, this);
            return handle.DangerousGetHandle();
        }
    }

    public bool IsDisposed => handle.IsClosed;

    public void Dispose()
    {
        scope?.Remove(this);
        scope = null;
        handle.Dispose();
    }

    internal void DisposeFromScope()
    {
        scope = null;
        handle.Dispose();
    }

    /// <summary>Keeps this tensor alive past the current scope by handing it to the enclosing one (or to no scope).</summary>
    public Tensor MoveToOuterDisposeScope()
    {
        if (scope is null) return this;
        scope.Remove(this);
        scope = scope.Outer;
        scope?.Register(this);
        return this;
    }

    /// <summary>Takes this tensor out of every scope; the caller disposes it (parameters, buffers, cached data).</summary>
    public Tensor DetachFromDisposeScope()
    {
        scope?.Remove(this);
        scope = null;
        return this;
    }

    public unsafe long[] shape
    {
        get
        {
            Status.Check(NativeMethods.pt_tensor_ndim(Handle, out var n));
            var sizes = new long[n];
            fixed (long* p = sizes) Status.Check(NativeMethods.pt_tensor_sizes(Handle, p, n));
            return sizes;
        }
    }

    public unsafe long[] stride()
    {
        Status.Check(NativeMethods.pt_tensor_ndim(Handle, out var n));
        var strides = new long[n];
        fixed (long* p = strides) Status.Check(NativeMethods.pt_tensor_strides(Handle, p, n));
        return strides;
    }

    public long size(int dim)
    {
        var s = shape;
        return s[dim < 0 ? dim + s.Length : dim];
    }

    public int dim()
    {
        Status.Check(NativeMethods.pt_tensor_ndim(Handle, out var n));
        return n;
    }

    public long numel() => shape.Aggregate(1L, (a, b) => a * b);

    public ScalarType dtype
    {
        get
        {
            Status.Check(NativeMethods.pt_tensor_dtype(Handle, out var t));
            return (ScalarType)t;
        }
    }

    public Device device
    {
        get
        {
            Status.Check(NativeMethods.pt_tensor_device(Handle, out var type, out var index));
            return new Device((DeviceType)type, index);
        }
    }

    public bool requires_grad
    {
        get
        {
            Status.Check(NativeMethods.pt_tensor_requires_grad(Handle, out var v));
            return v != 0;
        }
        set
        {
            // libtorch's C++ API ignores this on a non-leaf (it keeps requiring grad through its grad_fn); PyTorch refuses.
            if (!value && !is_leaf)
                throw new TorchException("you can only change requires_grad flags of leaf variables; use detach() for a tensor without gradient");
            Status.Check(NativeMethods.pt_tensor_set_requires_grad(Handle, value ? 1 : 0));
        }
    }

    public Tensor requires_grad_(bool value = true)
    {
        requires_grad = value;
        return this;
    }

    public bool is_leaf
    {
        get
        {
            Status.Check(NativeMethods.pt_tensor_is_leaf(Handle, out var v));
            return v != 0;
        }
    }

    /// <summary>The accumulated gradient as a new reference (dispose it), or null.</summary>
    public Tensor? grad
    {
        get
        {
            Status.Check(NativeMethods.pt_tensor_grad(Handle, out var g));
            return g == IntPtr.Zero ? null : new Tensor(g);
        }
        set => Status.Check(NativeMethods.pt_tensor_set_grad(Handle, value?.Handle ?? IntPtr.Zero));
    }

    public void backward(Tensor? gradient = null, bool retain_graph = false) =>
        Status.Check(NativeMethods.pt_tensor_backward(Handle, gradient?.Handle ?? IntPtr.Zero, retain_graph ? 1 : 0));

    /// <summary>Copies the elements (any device, any layout) into a new row-major array.</summary>
    public unsafe T[] data<T>() where T : unmanaged
    {
        var type = dtype;
        if (ElementTypeOf<T>() != type)
            throw new InvalidOperationException($"cannot read a {type} tensor as {typeof(T).Name}; convert it with to() first");
        var result = new T[numel()];
        fixed (T* p = result) Status.Check(NativeMethods.pt_tensor_copy_to(Handle, p, (long)result.Length * sizeof(T)));
        return result;
    }

    // The managed type whose bits are the element type's, so data<int>() on a float32 tensor fails instead of
    // reinterpreting the bytes. bfloat16 has no managed counterpart and is read after to(Float32).
    private static ScalarType? ElementTypeOf<T>() where T : unmanaged =>
        typeof(T) == typeof(byte) ? ScalarType.Byte
        : typeof(T) == typeof(sbyte) ? ScalarType.Int8
        : typeof(T) == typeof(short) ? ScalarType.Int16
        : typeof(T) == typeof(int) ? ScalarType.Int32
        : typeof(T) == typeof(long) ? ScalarType.Int64
        : typeof(T) == typeof(Half) ? ScalarType.Float16
        : typeof(T) == typeof(float) ? ScalarType.Float32
        : typeof(T) == typeof(double) ? ScalarType.Float64
        : typeof(T) == typeof(bool) ? ScalarType.Bool
        : null;

    public T item<T>() where T : unmanaged
    {
        if (numel() != 1) throw new InvalidOperationException($"item() needs one element, the tensor has {numel()}");
        return data<T>()[0];
    }

    /// <summary>The single value as a double, whatever the element type.</summary>
    public double ToDouble()
    {
        using var d = to(ScalarType.Float64);
        return d.item<double>();
    }

    public override string ToString()
    {
        if (IsDisposed) return "Tensor(disposed)";
        var sb = new StringBuilder($"Tensor[{string.Join(", ", shape)}] {dtype} {device}");
        if (numel() <= 16)
        {
            using var values = to(ScalarType.Float64);
            sb.Append(" [").Append(string.Join(", ", values.data<double>().Select(v => v.ToString("G6")))).Append(']');
        }
        return sb.ToString();
    }

    internal static unsafe Tensor FromData<T>(ReadOnlySpan<T> data, long[] shape, ScalarType dtype) where T : unmanaged
    {
        var count = shape.Aggregate(1L, (a, b) => a * b);
        if (count != data.Length)
            throw new ArgumentException($"{data.Length} values do not fill a tensor of shape [{string.Join(", ", shape)}]");
        fixed (T* p = data)
        fixed (long* s = shape)
        {
            Status.Check(NativeMethods.pt_tensor_from_data(p, (long)data.Length * sizeof(T), (int)dtype, s, shape.Length, out var t));
            return new Tensor(t);
        }
    }

    /// <summary>Returns this tensor after disposing a temporary it was derived from.</summary>
    internal Tensor DisposeSource(Tensor source)
    {
        source.Dispose();
        return this;
    }
}
