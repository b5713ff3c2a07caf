using Pipeline.Torch.Native;

namespace Pipeline.Torch;

/// <summary>Tensor factories and process-wide switches, named as in PyTorch (torch.zeros, torch.no_grad, ...).</summary>
public static partial class torch
{
    public static string version => Status.ReadText((p, n) => { unsafe { return NativeMethods.pt_version((byte*)p, n); } });

    /// <summary>The files libtorch and the native bridge were loaded from.</summary>
    public static unsafe (string libtorch, string bridge) library_paths()
    {
        var a = new byte[4096];
        var b = new byte[4096];
        fixed (byte* pa = a)
        fixed (byte* pb = b)
        {
            Status.Check(NativeMethods.pt_library_paths(pa, pb, a.Length));
            return (System.Runtime.InteropServices.Marshal.PtrToStringUTF8((IntPtr)pa) ?? "",
                    System.Runtime.InteropServices.Marshal.PtrToStringUTF8((IntPtr)pb) ?? "");
        }
    }

    /// <summary>libtorch's build configuration as torch.__config__.show() prints it.</summary>
    public static unsafe string build_config()
    {
        Status.Check(NativeMethods.pt_build_config(null, 0, out var length));
        return Status.ReadText((p, n) => NativeMethods.pt_build_config((byte*)p, n, out _), length + 1);
    }

    /// <summary>Native tensor references alive in this process (a leak check for tests and diagnostics).</summary>
    public static long live_tensors => NativeMethods.pt_live_tensors();

    public static DisposeScope NewDisposeScope() => new();

    public static void manual_seed(ulong seed) => Status.Check(NativeMethods.pt_manual_seed(seed));

    public static void set_num_threads(int n) => Status.Check(NativeMethods.pt_set_num_threads(n));

    public static int get_num_threads()
    {
        Status.Check(NativeMethods.pt_get_num_threads(out var n));
        return n;
    }

    public static bool is_grad_enabled()
    {
        Status.Check(NativeMethods.pt_grad_enabled(out var v));
        return v != 0;
    }

    /// <summary>Disables gradient recording on this thread until disposed (with torch.no_grad()).</summary>
    public static IDisposable no_grad() => new GradModeScope(false);

    public static IDisposable enable_grad() => new GradModeScope(true);

    /// <summary>Runs eligible operators in a lower precision (bf16 by default) on the device type until disposed.</summary>
    public static IDisposable autocast(DeviceType device_type, ScalarType dtype = ScalarType.BFloat16, bool enabled = true) =>
        new AutocastScope(device_type, dtype, enabled);

    public static bool is_autocast_enabled(DeviceType device_type)
    {
        Status.Check(NativeMethods.pt_autocast_enabled((int)device_type, out var enabled));
        return enabled != 0;
    }

    public static ScalarType get_autocast_dtype(DeviceType device_type)
    {
        Status.Check(NativeMethods.pt_autocast_dtype((int)device_type, out var dtype));
        return (ScalarType)dtype;
    }

    public static Tensor tensor(float[] values, params long[] shape) => Tensor.FromData<float>(values, Shape(shape, values.Length), ScalarType.Float32);
    public static Tensor tensor(double[] values, params long[] shape) => Tensor.FromData<double>(values, Shape(shape, values.Length), ScalarType.Float64);
    public static Tensor tensor(long[] values, params long[] shape) => Tensor.FromData<long>(values, Shape(shape, values.Length), ScalarType.Int64);
    public static Tensor tensor(int[] values, params long[] shape) => Tensor.FromData<int>(values, Shape(shape, values.Length), ScalarType.Int32);
    public static Tensor tensor(byte[] values, params long[] shape) => Tensor.FromData<byte>(values, Shape(shape, values.Length), ScalarType.Byte);
    public static Tensor tensor(bool[] values, params long[] shape) => Tensor.FromData<bool>(values, Shape(shape, values.Length), ScalarType.Bool);

    /// <summary>A tensor over raw little-endian bytes of the given element type (safetensors, image buffers).</summary>
    public static Tensor from_bytes(ReadOnlySpan<byte> bytes, ScalarType dtype, params long[] shape)
    {
        if (shape.Length == 0) shape = new[] { -1L };                     // one dimension, as torch.frombuffer
        var tensor = Tensor.FromData(bytes, new[] { (long)bytes.Length }, ScalarType.Byte);
        if (dtype == ScalarType.Byte) return tensor.reshape(shape).DisposeSource(tensor);
        using (tensor)
        using (var typed = Aten.CallOverload("aten::view", "dtype", tensor, dtype))
            return typed.reshape(shape).clone();
    }

    private static long[] Shape(long[] shape, int count) => shape.Length == 0 ? new long[] { count } : shape;

    public static Tensor empty(long[] shape, ScalarType? dtype = null, Device? device = null) =>
        Aten.CallOverload("aten::empty", "memory_format", shape, Arg.Optional(dtype), Arg.None, Arg.Optional(device));
    public static Tensor zeros(long[] shape, ScalarType? dtype = null, Device? device = null) =>
        Aten.Call("aten::zeros", shape, Arg.Optional(dtype), Arg.None, Arg.Optional(device));
    public static Tensor ones(long[] shape, ScalarType? dtype = null, Device? device = null) =>
        Aten.Call("aten::ones", shape, Arg.Optional(dtype), Arg.None, Arg.Optional(device));
    public static Tensor full(long[] shape, Scalar value, ScalarType? dtype = null, Device? device = null) =>
        Aten.Call("aten::full", shape, value, Arg.Optional(dtype), Arg.None, Arg.Optional(device));
    public static Tensor zeros_like(Tensor t) => Aten.Call("aten::zeros_like", t);
    public static Tensor ones_like(Tensor t) => Aten.Call("aten::ones_like", t);
    public static Tensor empty_like(Tensor t) => Aten.Call("aten::empty_like", t);

    public static Tensor arange(Scalar start, Scalar end, Scalar? step = null, ScalarType? dtype = null, Device? device = null) =>
        Aten.CallOverload("aten::arange", "start_step", start, end, step ?? 1, Arg.Optional(dtype), Arg.None, Arg.Optional(device));
    public static Tensor arange(Scalar end, ScalarType? dtype = null, Device? device = null) => arange(0, end, 1, dtype, device);

    public static Tensor randn(long[] shape, ScalarType? dtype = null, Device? device = null) =>
        Aten.Call("aten::randn", shape, Arg.Optional(dtype), Arg.None, Arg.Optional(device));
    public static Tensor rand(long[] shape, ScalarType? dtype = null, Device? device = null) =>
        Aten.Call("aten::rand", shape, Arg.Optional(dtype), Arg.None, Arg.Optional(device));
    public static Tensor randint(long low, long high, long[] shape, ScalarType? dtype = null, Device? device = null) =>
        Aten.CallOverload("aten::randint", "low", low, high, shape, dtype ?? ScalarType.Int64, Arg.None, Arg.Optional(device));

    /// <summary>A random permutation of 0..n-1 from the default generator (seeded by manual_seed).</summary>
    public static Tensor randperm(long n, ScalarType dtype = ScalarType.Int64, Device? device = null) =>
        Aten.Call("aten::randperm", n, dtype, Arg.None, Arg.Optional(device));

    /// <summary>A random permutation drawn from the given generator, leaving the default one untouched.</summary>
    public static Tensor randperm(long n, Generator generator, ScalarType dtype = ScalarType.Int64) =>
        Aten.CallOverload("aten::randperm", "generator", n, generator, dtype);

    public static Tensor cat(Tensor[] tensors, long dim = 0) => Aten.Call("aten::cat", tensors, dim);
    public static Tensor stack(Tensor[] tensors, long dim = 0) => Aten.Call("aten::stack", tensors, dim);
    public static Tensor where(Tensor condition, Tensor x, Tensor y) => Aten.CallOverload("aten::where", "self", condition, x, y);
    public static Tensor where(Tensor condition, Tensor x, Scalar y) => Aten.CallOverload("aten::where", "ScalarOther", condition, x, y);

    private sealed class GradModeScope : IDisposable
    {
        private readonly bool previous;
        private bool disposed;

        public GradModeScope(bool enabled)
        {
            previous = is_grad_enabled();
            Status.Check(NativeMethods.pt_set_grad_enabled(enabled ? 1 : 0));
        }

        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            Status.Check(NativeMethods.pt_set_grad_enabled(previous ? 1 : 0));
        }
    }

    private sealed class AutocastScope : IDisposable
    {
        private readonly DeviceType device;
        private readonly bool previousEnabled;
        private readonly ScalarType previousDtype;
        private bool disposed;

        public AutocastScope(DeviceType device, ScalarType dtype, bool enabled)
        {
            this.device = device;
            previousEnabled = is_autocast_enabled(device);
            previousDtype = get_autocast_dtype(device);
            Status.Check(NativeMethods.pt_autocast_set((int)device, enabled ? 1 : 0, (int)dtype));
        }

        // Restores both the switch and the dtype, so an inner scope with another dtype does not change the outer one's.
        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            Status.Check(NativeMethods.pt_autocast_set((int)device, previousEnabled ? 1 : 0, (int)previousDtype));
        }
    }
}
