using System.Globalization;
using Pipeline.Method.Transforms;
using Pipeline.Reports.Results;
using Pipeline.Reports.Tables;
using ScottPlot;

namespace Pipeline.Reports.Charts;

/// <summary>
/// Fig. 6 as the paper draws it: one panel per method, mean IoU against block size on a log₂ axis with a tick at each
/// block size of the grid, for the correct key, plain images and incorrect keys (their mean, over the band from their
/// minimum to their maximum), and, for a run on PASCAL VOC, the paper's correct-key values as a faint dashed line at the
/// block sizes where the grid has the paper's. Panels share both axes, so a block size sits at the same place in each. A method without
/// block sizes (fmp) gets a panel of its own whose values are level lines (and the incorrect keys' band) across the
/// whole shared range, since they hold at every block size alike.
/// </summary>
public static class Fig6Chart
{
    public const string SvgFile = "fig6.svg", PngFile = "fig6.png";
    public const string Correct = "correct key", Plain = "plain images", Incorrect = "incorrect keys (mean)",
        IncorrectRange = "incorrect keys (min–max)", Paper = "paper: correct key";
    public const string XLabel = "block size M (log₂ scale)", YLabel = "mean IoU";
    public const string NoBlockSizeXLabel = "no block size: the same at every M";

    /// <summary>The panel title of a method without block sizes.</summary>
    public static string NoBlockSizeTitle(string method) => $"{ProtectionMethod.Display(method)} (no block size)";

    // Okabe–Ito colours with distinct markers, readable in colour-blind vision and in greyscale.
    private static readonly Color Blue = Color.FromHex("#0072B2"), Orange = Color.FromHex("#E69F00");

    private sealed record Series(string Label, Color Colour, MarkerShape Marker, Func<AccessControlRow, double?> Value);

    // Drawn in this order, so the correct key's line is on top.
    private static readonly Series[] Measured =
    [
        new(Incorrect, ChartColours.Vermilion, MarkerShape.FilledTriangleUp, r => r.Incorrect?.Mean),
        new(Plain, Orange, MarkerShape.FilledSquare, r => r.Plain),
        new(Correct, Blue, MarkerShape.FilledCircle, r => r.Correct),
    ];

    /// <param name="withPaper">Whether to draw the paper's values: only beside a run on PASCAL VOC, where they compare.</param>
    public static ChartFigure Build(AccessControl table, IReadOnlyList<string> methods, IReadOnlyList<int> blockSizes, bool withPaper)
    {
        const string title = "Fig. 6: mean IoU against block size for the correct key, plain images and incorrect keys";
        if (methods.Count == 0)
        {
            var empty = ChartFigure.Panel("no protected jobs in this experiment yet", XLabel, YLabel);
            Axes(empty, blockSizes);
            return new ChartFigure(title, [empty], Legend(withPaper));
        }
        var panels = methods.Select(method =>
        {
            var rows = table.Rows.Where(r => r.Method == method && r.State == CellState.Done).OrderBy(r => r.BlockSize).ToList();
            return table.Rows.Any(r => r.Method == method && r.BlockSize is null)
                ? Level(method, rows.FirstOrDefault(r => r.BlockSize is null), blockSizes)
                : Panel(method, rows.Where(r => r.BlockSize is not null).ToList(), blockSizes, withPaper);
        }).ToList();
        return new ChartFigure(title, panels, Legend(withPaper));
    }

    // The values of a method without block sizes, level across the panel's whole x range.
    private static Plot Level(string method, AccessControlRow? row, IReadOnlyList<int> blockSizes)
    {
        var plot = ChartFigure.Panel(NoBlockSizeTitle(method), NoBlockSizeXLabel, YLabel);
        var (left, right) = Axes(plot, blockSizes);
        if (row?.Incorrect is { } incorrect) IncorrectBand(plot, [left, right], [incorrect.Min, incorrect.Min], [incorrect.Max, incorrect.Max]);
        foreach (var series in Measured)
            if (row is not null && series.Value(row) is { } value)
                MeanIouAxis.Level(plot, value, left, right, series.Colour, LinePattern.Solid, series.Label, width: 2);
        return plot;
    }

    // The incorrect keys' min–max range, shaded.
    private static readonly Color BandColour = ChartColours.Vermilion.WithAlpha(0.16);

    private static void IncorrectBand(Plot plot, double[] xs, double[] mins, double[] maxs)
    {
        var band = plot.Add.FillY(xs, mins, maxs);
        band.FillColor = BandColour;
        band.LineWidth = 0;
        band.LegendText = IncorrectRange;
    }

    private static Plot Panel(string method, IReadOnlyList<AccessControlRow> rows, IReadOnlyList<int> blockSizes, bool withPaper)
    {
        var plot = ChartFigure.Panel(ProtectionMethod.Display(method), XLabel, YLabel);
        var incorrect = rows.Where(r => r.Incorrect is not null).ToList();
        if (incorrect.Count > 0)
        {
            IncorrectBand(plot, incorrect.Select(r => Math.Log2(r.BlockSize!.Value)).ToArray(),
                incorrect.Select(r => r.Incorrect!.Min).ToArray(), incorrect.Select(r => r.Incorrect!.Max).ToArray());
            // The band's edges at each block size, so that a lone block size still shows its range.
            foreach (var r in incorrect)
            {
                var x = Math.Log2(r.BlockSize!.Value);
                var range = plot.Add.Line(x, r.Incorrect!.Min, x, r.Incorrect.Max);
                range.LineColor = ChartColours.Vermilion.WithAlpha(0.45);
                range.LineWidth = 1.5f;
                range.MarkerSize = 0;
            }
        }
        var paper = withPaper ? blockSizes.Select(m => (M: m, Value: PaperTable1.Value(method, m))).Where(p => p.Value is not null).ToList() : [];
        if (paper.Count > 0)
        {
            var line = plot.Add.Scatter(paper.Select(p => Math.Log2(p.M)).ToArray(), paper.Select(p => p.Value!.Value).ToArray(), Blue.WithAlpha(0.45));
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 1.5f;
            line.MarkerShape = MarkerShape.OpenCircle;
            line.MarkerSize = 5;
            line.LegendText = Paper;
        }
        foreach (var series in Measured)
        {
            var points = rows.Where(r => series.Value(r) is not null).ToList();
            if (points.Count == 0) continue;
            var scatter = plot.Add.Scatter(points.Select(r => Math.Log2(r.BlockSize!.Value)).ToArray(), points.Select(r => series.Value(r)!.Value).ToArray(), series.Colour);
            scatter.LineWidth = 2;
            scatter.MarkerShape = series.Marker;
            scatter.MarkerSize = 8;
            scatter.LegendText = series.Label;
        }
        Axes(plot, blockSizes);
        return plot;
    }

    // x = log₂ M, ticked and labelled at the grid's block sizes and padded so the outer markers keep off the frame; returns the x limits.
    private static (double Left, double Right) Axes(Plot plot, IReadOnlyList<int> blockSizes)
    {
        var xs = blockSizes.Select(m => Math.Log2(m)).ToArray();
        plot.Axes.Bottom.SetTicks(xs, blockSizes.Select(m => m.ToString(CultureInfo.InvariantCulture)).ToArray());
        var (low, high) = xs.Length > 0 ? (xs.Min(), xs.Max()) : (0, 0);
        var pad = high > low ? 0.4 : 1;
        MeanIouAxis.Set(plot, low - pad, high + pad);
        return (low - pad, high + pad);
    }

    private static List<LegendItem> Legend(bool withPaper) =>
    [
        .. Measured.Reverse().Select(s => LegendLine.Of(s.Label, s.Colour, 2, marker: s.Marker)),
        new LegendItem { LabelText = IncorrectRange, FillColor = BandColour, LineWidth = 0, MarkerShape = MarkerShape.None },
        .. withPaper
            ? new[]
            {
                new LegendItem
                {
                    LabelText = Paper, LineColor = Blue.WithAlpha(0.45), LineWidth = 1.5f, LinePattern = LinePattern.Dashed,
                    MarkerShape = MarkerShape.OpenCircle, MarkerLineColor = Blue.WithAlpha(0.45), MarkerSize = 5,
                },
            }
            : [],
    ];
}
