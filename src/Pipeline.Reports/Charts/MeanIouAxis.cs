using System.Globalization;
using ScottPlot;

namespace Pipeline.Reports.Charts;

/// <summary>What Fig. 6 and the attack charts share: mean IoU from 0 to 1 ticked every 0.2, and level reference lines.</summary>
internal static class MeanIouAxis
{
    /// <summary>The y axis from 0 to 1 ticked every 0.2, with the x limits the chart chose.</summary>
    public static void Set(Plot plot, double left, double right)
    {
        var ticks = Enumerable.Range(0, 6).Select(k => k / 5.0).ToArray();
        plot.Axes.Left.SetTicks(ticks, ticks.Select(v => v.ToString("0.0", CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.SetLimits(left, right, 0, 1);
    }

    /// <summary>A reference value as a level line across the panel, from <paramref name="left"/> to <paramref name="right"/>.</summary>
    public static ScottPlot.Plottables.Scatter Level(Plot plot, double value, double left, double right, Color colour, LinePattern pattern, string legendText, float width = 1.5f)
    {
        var line = plot.Add.Scatter(new[] { left, right }, new[] { value, value }, colour);
        line.LinePattern = pattern;
        line.LineWidth = width;
        line.MarkerSize = 0;
        line.LegendText = legendText;
        return line;
    }
}
