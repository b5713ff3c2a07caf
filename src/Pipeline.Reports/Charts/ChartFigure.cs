using Pipeline.Reports.Fonts;
using ScottPlot;
using SkiaSharp;

namespace Pipeline.Reports.Charts;

/// <summary>
/// A figure of ScottPlot panels side by side under one shared legend, drawn once as SVG (inlined in report.html at its
/// own size, so its text reads as the report's) and once as PNG at twice that size beside it. Panels are made by
/// <see cref="Panel"/>, so every chart of the report has the same fonts and sizes.
/// </summary>
public sealed class ChartFigure
{
    public const int PanelWidth = 340, PanelHeight = 300, PngScale = 2;

    private const float TitleSize = 15, LabelSize = 13, TickSize = 12, LegendSize = 13, LegendRowHeight = 26;

    private readonly Multiplot multiplot;

    public ChartFigure(string title, IReadOnlyList<Plot> panels, IReadOnlyList<LegendItem> legend)
    {
        if (panels.Count == 0) throw new ArgumentException("a chart needs at least one panel", nameof(panels));
        Title = title;
        Panels = panels;
        LegendItems = legend;
        Width = Math.Max(PanelWidth * panels.Count, 560);
        LegendHeight = (int)(LegendRows(legend, Width) * LegendRowHeight + 22);
        Height = LegendHeight + PanelHeight;
        var legendPlot = new Plot();
        legendPlot.Layout.Frameless();
        legendPlot.HideAxesAndGrid();
        foreach (var item in legend) legendPlot.Legend.ManualItems.Add(item);
        var shown = legendPlot.ShowLegend(Alignment.MiddleCenter, Orientation.Horizontal);
        shown.FontName = FigureFonts.Family;
        shown.FontSize = LegendSize;
        shown.OutlineWidth = 0;
        shown.ShadowColor = Colors.Transparent;
        shown.TightHorizontalWrapping = true;
        // Long enough for a dashed line to read as dashed.
        shown.SymbolWidth = 30;
        multiplot = new Multiplot(legendPlot) { Layout = new LegendAboveColumns(LegendHeight / (float)Height) };
        foreach (var panel in panels) multiplot.AddPlot(panel);
    }

    /// <summary>Read by screen readers and shown as the SVG's title.</summary>
    public string Title { get; }
    public IReadOnlyList<Plot> Panels { get; }
    public IReadOnlyList<LegendItem> LegendItems { get; }
    public int Width { get; }
    public int Height { get; }
    public int LegendHeight { get; }

    /// <summary>A panel in the report's style: bold title, plain axis labels, ticks readable at the report's size.</summary>
    public static Plot Panel(string title, string xLabel, string yLabel)
    {
        FigureFonts.RegisterWithScottPlot();
        var plot = new Plot();
        plot.Title(title, TitleSize);
        plot.XLabel(xLabel, LabelSize);
        plot.YLabel(yLabel, LabelSize);
        plot.Axes.Title.Label.FontName = FigureFonts.Family;
        plot.Axes.Title.Label.Bold = true;
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            axis.Label.FontName = FigureFonts.Family;
            axis.Label.Bold = false;
            axis.TickLabelStyle.FontName = FigureFonts.Family;
            axis.TickLabelStyle.FontSize = TickSize;
        }
        // The figure's one legend is above the panels; a panel's own would cover its lines.
        plot.HideLegend();
        return plot;
    }

    /// <summary>The figure as an .svg file's text: a view box so that it scales, and a title.</summary>
    public string Svg()
    {
        using var stream = new MemoryStream();
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, Width, Height), stream))
            multiplot.Render(canvas, new PixelRect(0, Width, Height, 0));
        return ChartSvg.Standalone(System.Text.Encoding.UTF8.GetString(stream.ToArray()), Width, Height, Title);
    }

    /// <summary>The figure as PNG bytes, <see cref="PngScale"/> times the SVG's size (the same drawing, scaled, not re-laid out).</summary>
    public byte[] Png()
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width * PngScale, Height * PngScale, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"SkiaSharp could not make a {Width * PngScale}×{Height * PngScale} surface");
        surface.Canvas.Clear(SKColors.White);
        surface.Canvas.Scale(PngScale);
        multiplot.Render(surface.Canvas, new PixelRect(0, Width, Height, 0));
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    // ScottPlot wraps a horizontal legend to the figure's width; the strip above the panels is sized for as many rows.
    private static int LegendRows(IReadOnlyList<LegendItem> legend, int width)
    {
        using var font = FigureFonts.Font(LegendSize);
        var (rows, used) = (1, 0f);
        foreach (var item in legend)
        {
            var itemWidth = font.MeasureText(item.LabelText) + 58;
            if (used > 0 && used + itemWidth > width - 24) (rows, used) = (rows + 1, 0);
            used += itemWidth;
        }
        return rows;
    }
}
