using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;

namespace Pipeline.Torch.Native;

/// <summary>
/// Calls ATen operators by schema name ("aten::conv2d") through the bridge's one generic export.
/// Operator handles are looked up once and cached; arguments are positional in schema order.
/// </summary>
internal static unsafe class Aten
{
    private const int MaxResults = 8;
    private static readonly ConcurrentDictionary<string, IntPtr> Operators = new();

    public static Tensor Call(string name, params Arg[] args) => CallOverload(name, "", args);

    public static Tensor CallOverload(string name, string overload, params Arg[] args)
    {
        var results = Invoke(name, overload, args);
        if (results.Length == 1 && results[0] is Tensor t) return t;
        foreach (var r in results)
        {
            if (r is Tensor one) one.Dispose();
            if (r is Tensor[] many) foreach (var m in many) m.Dispose();
        }
        throw new TorchException($"{name}.{overload} did not return one tensor");
    }

    /// <summary>For operators returning several tensors (max.dim, sort, split): one entry per result.</summary>
    public static Tensor[] CallMany(string name, string overload, params Arg[] args)
    {
        var results = Invoke(name, overload, args);
        if (results.Length == 1 && results[0] is Tensor[] list) return list;
        return results.Select(r => r as Tensor ?? throw new TorchException($"{name} returned a non-tensor")).ToArray();
    }

    /// <summary>Runs an in-place operator; its returned alias of self is released at once.</summary>
    public static void CallInPlace(string name, string overload, params Arg[] args)
    {
        foreach (var r in Invoke(name, overload, args))
            if (r is Tensor t) t.Dispose();
    }

    public static string Schema(string name, string overload = "")
    {
        var op = Find(name, overload);
        var buffer = new byte[4096];
        fixed (byte* p = buffer)
        {
            Status.Check(NativeMethods.pt_op_schema(op, p, buffer.Length));
            return System.Runtime.InteropServices.Marshal.PtrToStringUTF8((IntPtr)p) ?? "";
        }
    }

    private static IntPtr Find(string name, string overload)
    {
        var key = name + "." + overload;
        if (Operators.TryGetValue(key, out var op)) return op;
        if (NativeMethods.pt_op_find(name, overload, out op) != 0)
        {
            // Names and overloads differ between libtorch versions, so the message says which one was asked.
            var detail = Marshal.PtrToStringUTF8(NativeMethods.pt_last_error());
            throw new TorchException($"libtorch {torch.version} has no operator {key.TrimEnd('.')}: {detail}");
        }
        return Operators.GetOrAdd(key, op);
    }

    private static object?[] Invoke(string name, string overload, Arg[] args)
    {
        var op = Find(name, overload);
        var native = stackalloc NativeValue[args.Length];
        var outs = stackalloc NativeValue[MaxResults];
        var pins = new List<GCHandle>();
        var handleArrays = new List<IntPtr>();
        try
        {
            for (var k = 0; k < args.Length; k++) native[k] = ToNative(args[k], pins, handleArrays);
            Status.Check(NativeMethods.pt_op_call(op, native, args.Length, outs, MaxResults, out var count));
            var results = new object?[count];
            for (var k = 0; k < count; k++) results[k] = Unmarshal(outs[k]);
            return results;
        }
        finally
        {
            foreach (var pin in pins) pin.Free();
            foreach (var array in handleArrays) System.Runtime.InteropServices.Marshal.FreeHGlobal(array);
            GC.KeepAlive(args);
        }
    }

    private static NativeValue ToNative(in Arg arg, List<GCHandle> pins, List<IntPtr> handleArrays)
    {
        var v = new NativeValue { Kind = arg.Kind, I = arg.I, D = arg.D, Index = arg.Index };
        switch (arg.Kind)
        {
            case ValueKind.Tensor:
                v.P = ((Tensor)arg.Ref!).Handle;
                break;
            case ValueKind.Generator:
                v.P = ((Generator)arg.Ref!).Handle;
                break;
            case ValueKind.Ints:
            case ValueKind.Doubles:
                var pin = GCHandle.Alloc(arg.Ref!, GCHandleType.Pinned);
                pins.Add(pin);
                v.P = pin.AddrOfPinnedObject();
                break;
            case ValueKind.Tensors:
                var tensors = (Tensor?[])arg.Ref!;
                var array = System.Runtime.InteropServices.Marshal.AllocHGlobal(IntPtr.Size * Math.Max(1, tensors.Length));
                handleArrays.Add(array);
                for (var k = 0; k < tensors.Length; k++)
                    ((IntPtr*)array)[k] = tensors[k]?.Handle ?? IntPtr.Zero;
                v.P = array;
                break;
            case ValueKind.String:
                var bytes = Encoding.UTF8.GetBytes((string)arg.Ref! + "\0");
                var text = GCHandle.Alloc(bytes, GCHandleType.Pinned);
                pins.Add(text);
                v.P = text.AddrOfPinnedObject();
                break;
        }
        return v;
    }

    private static object? Unmarshal(in NativeValue v)
    {
        switch (v.Kind)
        {
            case ValueKind.None: return null;
            case ValueKind.Tensor: return new Tensor(v.P);
            case ValueKind.Int: return v.I;
            case ValueKind.Double: return v.D;
            case ValueKind.Bool: return v.I != 0;
            case ValueKind.Tensors:
                var list = new Tensor[v.I];
                for (var k = 0; k < v.I; k++) list[k] = new Tensor(((IntPtr*)v.P)[k]);
                NativeMethods.pt_free(v.P);
                return list;
            case ValueKind.Ints:
                var ints = new ReadOnlySpan<long>((void*)v.P, (int)v.I).ToArray();
                NativeMethods.pt_free(v.P);
                return ints;
            default:
                throw new TorchException($"unexpected result kind {v.Kind}");
        }
    }
}
