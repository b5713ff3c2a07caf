using ScottPlot;

namespace Pipeline.Reports.Charts;

/// <summary>
/// ScottPlot's multiplot layout for <see cref="ChartFigure"/>: the first subplot (the legend) spans the top
/// <paramref name="legendFraction"/> of the figure, the others share the rest as equal columns.
/// </summary>
internal sealed class LegendAboveColumns(float legendFraction) : IMultiplotLayout
{
    public PixelRect[] GetSubplotRectangles(SubplotCollection subplots, PixelRect figureRect)
    {
        var legendBottom = figureRect.Top + figureRect.Height * legendFraction;
        var columns = Math.Max(1, subplots.Count - 1);
        var columnWidth = figureRect.Width / columns;
        var rectangles = new PixelRect[subplots.Count];
        rectangles[0] = new PixelRect(figureRect.Left, figureRect.Right, legendBottom, figureRect.Top);
        for (var i = 1; i < subplots.Count; i++)
            rectangles[i] = new PixelRect(figureRect.Left + (i - 1) * columnWidth, figureRect.Left + i * columnWidth, figureRect.Bottom, legendBottom);
        return rectangles;
    }
}
