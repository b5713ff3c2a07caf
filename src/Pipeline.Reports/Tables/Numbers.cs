using System.Globalization;

namespace Pipeline.Reports.Tables;

/// <summary>How numbers read in every table: four decimals, invariant culture, never "-0.0000".</summary>
public static class Numbers
{
    public static string Value(double value)
    {
        var rounded = Math.Round(value, 4, MidpointRounding.AwayFromZero);
        return (rounded == 0 ? 0 : rounded).ToString("0.0000", CultureInfo.InvariantCulture);
    }

    /// <summary>A difference with its sign always shown; a rounded zero is "+0.0000".</summary>
    public static string Signed(double value) => (Math.Round(value, 4, MidpointRounding.AwayFromZero) >= 0 ? "+" : "") + Value(value);

    /// <summary>M, or "—" for a method without a block size (fmp).</summary>
    public static string BlockSize(int? blockSize) => blockSize?.ToString(CultureInfo.InvariantCulture) ?? "—";

    /// <summary>How figures and legends name a block size: "M = 8", or "no block size" for a method without one (fmp).</summary>
    public static string BlockSizeLabel(int? blockSize) => blockSize is { } m ? $"M = {m}" : NoBlockSize;

    public const string NoBlockSize = "no block size";

    /// <summary>A share as a percentage: "10%", "12.5%".</summary>
    public static string Percent(double share) => (share * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    /// <summary>"3", or "1 of 3" while some of a cell's jobs have not finished.</summary>
    public static string Count(int finished, int planned) =>
        finished == planned ? finished.ToString(CultureInfo.InvariantCulture) : $"{finished} of {planned}";
}
