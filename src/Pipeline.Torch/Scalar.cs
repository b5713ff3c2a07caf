namespace Pipeline.Torch;

/// <summary>A number passed to an operator; integers stay integers so integer tensors keep their type.</summary>
public readonly struct Scalar
{
    internal readonly bool IsFloating;
    internal readonly bool IsBool;
    internal readonly long IntValue;
    internal readonly double FloatValue;

    private Scalar(long i, double d, bool floating, bool isBool)
    {
        IntValue = i;
        FloatValue = d;
        IsFloating = floating;
        IsBool = isBool;
    }

    public static implicit operator Scalar(int value) => new(value, value, false, false);
    public static implicit operator Scalar(long value) => new(value, value, false, false);
    public static implicit operator Scalar(float value) => new(0, value, true, false);
    public static implicit operator Scalar(double value) => new(0, value, true, false);
    public static implicit operator Scalar(bool value) => new(value ? 1 : 0, value ? 1 : 0, false, true);

    public double ToDouble() => IsFloating ? FloatValue : IntValue;

    public override string ToString() => IsFloating ? FloatValue.ToString("R") : IntValue.ToString();
}
