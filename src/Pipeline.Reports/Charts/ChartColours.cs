using ScottPlot;

namespace Pipeline.Reports.Charts;

/// <summary>The neutral colours every chart shares: grey for references drawn in every panel, ink for legend keys that stand for any colour.</summary>
internal static class ChartColours
{
    public static readonly Color Grey = Color.FromHex("#7A7A7A");
    public static readonly Color Ink = Color.FromHex("#333333");

    /// <summary>Okabe–Ito vermilion: incorrect keys in Fig. 6, the models without a block size elsewhere.</summary>
    public static readonly Color Vermilion = Color.FromHex("#D55E00");
}
