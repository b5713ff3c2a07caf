namespace Pipeline.Torch.Native;

/// <summary>One operator argument, converted implicitly from the C# value that stands for it.</summary>
internal readonly struct Arg
{
    internal readonly ValueKind Kind;
    internal readonly long I;
    internal readonly double D;
    internal readonly int Index;
    internal readonly object? Ref;

    private Arg(ValueKind kind, long i = 0, double d = 0, int index = 0, object? reference = null)
    {
        Kind = kind;
        I = i;
        D = d;
        Index = index;
        Ref = reference;
    }

    public static readonly Arg None = new(ValueKind.None);

    public static implicit operator Arg(Tensor? t) => t is null ? None : new(ValueKind.Tensor, reference: t);
    public static implicit operator Arg(long v) => new(ValueKind.Int, i: v);
    public static implicit operator Arg(double v) => new(ValueKind.Double, d: v);
    public static implicit operator Arg(bool v) => new(ValueKind.Bool, i: v ? 1 : 0);
    public static implicit operator Arg(long[]? v) => v is null ? None : new(ValueKind.Ints, i: v.Length, reference: v);
    public static implicit operator Arg(double[]? v) => v is null ? None : new(ValueKind.Doubles, i: v.Length, reference: v);
    public static implicit operator Arg(Tensor?[]? v) => v is null ? None : new(ValueKind.Tensors, i: v.Length, reference: v);
    public static implicit operator Arg(string v) => new(ValueKind.String, reference: v);
    public static implicit operator Arg(ScalarType v) => new(ValueKind.Int, i: (long)v);
    public static implicit operator Arg(MemoryFormat v) => new(ValueKind.Int, i: (long)v);
    public static implicit operator Arg(Generator? g) => g is null ? None : new(ValueKind.Generator, reference: g);
    public static implicit operator Arg(Device v) => new(ValueKind.Device, i: (long)v.Type, index: v.Index);

    public static implicit operator Arg(Scalar v) =>
        v.IsBool ? new(ValueKind.Bool, i: v.IntValue)
        : v.IsFloating ? new(ValueKind.Double, d: v.FloatValue)
        : new(ValueKind.Int, i: v.IntValue);

    public static Arg Optional(long? v) => v.HasValue ? v.Value : None;
    public static Arg Optional(double? v) => v.HasValue ? v.Value : None;
    public static Arg Optional(ScalarType? v) => v.HasValue ? v.Value : None;
    public static Arg Optional(Device? v) => v.HasValue ? v.Value : None;
}
