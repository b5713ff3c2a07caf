namespace Pipeline.Torch.Tests;

/// <summary>Element-wise comparisons of tensors with hand-computed values.</summary>
internal static class Expect
{
    public static void Values(double[] expected, Tensor actual, double tolerance = 1e-6)
    {
        using var d = actual.to(ScalarType.Float64);
        var values = d.data<double>();
        Assert.Equal(expected.Length, values.Length);
        for (var k = 0; k < values.Length; k++)
            Assert.True(Math.Abs(expected[k] - values[k]) <= tolerance,
                        $"element {k}: expected {expected[k]}, got {values[k]} (tolerance {tolerance})");
    }

    public static void Longs(long[] expected, Tensor actual)
    {
        Assert.Equal(ScalarType.Int64, actual.dtype);
        Assert.Equal(expected, actual.data<long>());
    }

    public static void Bools(bool[] expected, Tensor actual)
    {
        Assert.Equal(ScalarType.Bool, actual.dtype);
        Assert.Equal(expected, actual.data<bool>());
    }

    public static void Shape(long[] expected, Tensor actual) => Assert.Equal(expected, actual.shape);
}
