using System.Runtime.InteropServices;

namespace Pipeline.Torch.Native;

/// <summary>The bridge's tagged value (pt_value in bridge.h): an operator argument or result.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeValue
{
    public ValueKind Kind;
    public int Index;
    public long I;
    public double D;
    public IntPtr P;
}

internal enum ValueKind : int
{
    None = 0,
    Tensor = 1,
    Int = 2,
    Double = 3,
    Bool = 4,
    Ints = 5,
    Doubles = 6,
    Tensors = 7,
    String = 8,
    Device = 9,
    Generator = 10,
}
