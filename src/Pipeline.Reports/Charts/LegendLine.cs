using ScottPlot;

namespace Pipeline.Reports.Charts;

/// <summary>
/// An entry of a chart's shared legend (one for all its panels, so built by hand): a line of the given colour,
/// width and pattern, with its marker filled and outlined in the same colour where it has one.
/// </summary>
internal static class LegendLine
{
    public static LegendItem Of(string label, Color colour, float width, LinePattern? pattern = null, MarkerShape marker = MarkerShape.None, float markerSize = 8)
    {
        var item = new LegendItem { LabelText = label, LineColor = colour, LineWidth = width, MarkerShape = marker };
        if (pattern is { } p) item.LinePattern = p;
        if (marker == MarkerShape.None) return item;
        item.MarkerFillColor = colour;
        item.MarkerLineColor = colour;
        item.MarkerSize = markerSize;
        return item;
    }
}
