using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Method.Tests;

/// <summary>Small images written element by element, so that expected results can be stated by hand.</summary>
internal static class TestImages
{
    /// <summary>
    /// A 1×3×M×M image (one block) whose block vector is <paramref name="block"/>/<paramref name="scale"/>,
    /// placing value p at row p/3/M, column p/3%M, channel p%3 (README, The method, exactly).
    /// </summary>
    public static Tensor FromBlock(double[] block, int m, double scale = 255)
    {
        var data = new float[3 * m * m];
        for (var p = 0; p < block.Length; p++)
        {
            var (pixel, channel) = (p / 3, p % 3);
            var (row, col) = (pixel / m, pixel % m);
            data[(channel * m + row) * m + col] = (float)(block[p] / scale);
        }
        return torch.tensor(data, [1, 3, m, m]);
    }

    /// <summary>N×3×H×W random 8-bit images (x = k/255) from a seeded generator.</summary>
    public static Tensor Random8Bit(int n, int height, int width, ulong seed)
    {
        using var scope = NewDisposeScope();
        torch.manual_seed((long)seed);
        return torch.randint(0, 256, new long[] { n, 3, height, width }).to(ScalarType.Float32).div(255).MoveToOuterDisposeScope();
    }

    public static void AssertClose(float[] expected, Tensor actual, double tolerance = 1e-6)
    {
        var values = actual.ToArray<float>();
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < values.Length; i++)
            Assert.True(Math.Abs(expected[i] - values[i]) <= tolerance, $"element {i}: expected {expected[i]}, got {values[i]}");
    }

    public static float[] Scaled(IEnumerable<double> values, double scale) => values.Select(v => (float)(v / scale)).ToArray();
}
