using Pipeline.Method.Transforms;

namespace Pipeline.Reports.Tables;

/// <summary>Table 1 of Ito, AprilPyone and Kiya (2021): mean IoU of the protected models with the correct key.</summary>
public static class PaperTable1
{
    public const double Baseline = 0.7080;

    private static readonly int[] BlockSizes = [2, 4, 8, 16, 32, 64, 128, 256];

    private static readonly Dictionary<string, double[]> Columns = new()
    {
        [BlockShuffle.Method] = [0.6597, 0.5941, 0.4723, 0.2958, 0.1575, 0.0693, 0.0600, 0.0380],
        [NegativePositive.Method] = [0.6216, 0.5695, 0.5173, 0.4329, 0.3880, 0.3733, 0.3218, 0.3007],
        [FfxTransform.Method] = [0.5271, 0.4944, 0.4651, 0.3444, 0.2763, 0.2628, 0.2417, 0.2367],
    };

    /// <summary>Whether the paper's Table 1 has a column for the method (fmp is not in it).</summary>
    public static bool Has(string method) => Columns.ContainsKey(method);

    /// <summary>The paper's value, or null where the paper has none (another method or block size).</summary>
    public static double? Value(string method, int blockSize)
    {
        var row = Array.IndexOf(BlockSizes, blockSize);
        return row >= 0 && Columns.TryGetValue(method, out var column) ? column[row] : null;
    }
}
