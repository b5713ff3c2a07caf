using Pipeline.Method.Transforms;
using Pipeline.Reports.Tables;
using ScottPlot;

namespace Pipeline.Reports.Charts;

/// <summary>
/// The key-estimation attack: the best mean IoU on the query images after each query, one panel per method of the
/// attacked models, a line per attacked model in its block size's colour, with the query images' mean IoU under the
/// model's own key (dashed) and on plain images (dotted) as level lines in that colour, and a grey vertical line where
/// the random keys end and local search starts. A search that reaches the dashed line has found a key as good as the key.
/// </summary>
public static class KeyEstimationChart
{
    public const string SvgFile = "attacks_key_estimation.svg", PngFile = "attacks_key_estimation.png";
    public const string Best = "best so far", QueryCorrect = "correct key", QueryPlain = "plain images", LocalSearch = "local search starts";
    public const string XLabel = "queries", YLabel = "mean IoU on the query images";

    /// <summary>The chart, or null while no key estimation has finished.</summary>
    public static ChartFigure? Build(KeyEstimationTable table)
    {
        var searches = table.Rows.Where(r => r.Curve is { Count: > 0 }).ToList();
        if (searches.Count == 0) return null;
        var colours = new BlockSizeColours(searches.Select(r => r.BlockSize));
        var last = searches.Max(r => r.Curve!.Count);
        var (left, right) = (0.5, last + 0.5);
        var panels = searches.Select(r => r.Method).Distinct().Select(method =>
        {
            var plot = ChartFigure.Panel(ProtectionMethod.Display(method), XLabel, YLabel);
            var own = searches.Where(r => r.Method == method).ToList();
            foreach (var row in own)
            {
                var colour = colours.Of(row.BlockSize);
                if (row.QueryCorrect.Value is { } correct) MeanIouAxis.Level(plot, correct, left, right, colour, LinePattern.Dashed, $"{QueryCorrect}, job {row.Job}");
                if (row.QueryPlain.Value is { } plain) MeanIouAxis.Level(plot, plain, left, right, colour, LinePattern.Dotted, $"{QueryPlain}, job {row.Job}");
                var line = plot.Add.Scatter(Enumerable.Range(1, row.Curve!.Count).Select(q => (double)q).ToArray(), row.Curve.ToArray(), colour);
                line.LineWidth = 2;
                // Markers while there are few queries, so that each one shows.
                line.MarkerShape = MarkerShape.FilledCircle;
                line.MarkerSize = row.Curve.Count <= 30 ? 5 : 0;
                line.LegendText = $"{Best}, job {row.Job}";
            }
            // Between the last random key and the first local move.
            foreach (var randomKeys in own.Where(r => r is { LocalQueries: > 0, RandomKeys: not null }).Select(r => r.RandomKeys!.Value).Distinct())
            {
                var marker = plot.Add.VerticalLine(randomKeys + 0.5, 1.5f, ChartColours.Grey, LinePattern.Dashed);
                marker.LegendText = LocalSearch;
            }
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
            MeanIouAxis.Set(plot, left, right);
            return plot;
        }).ToList();

        var legend = colours.Legend();
        legend.Add(LegendLine.Of(Best, ChartColours.Ink, 2));
        legend.Add(LegendLine.Of(QueryCorrect, ChartColours.Ink, 1.5f, LinePattern.Dashed));
        legend.Add(LegendLine.Of(QueryPlain, ChartColours.Ink, 1.5f, LinePattern.Dotted));
        if (searches.Any(r => r.LocalQueries > 0)) legend.Add(LegendLine.Of(LocalSearch, ChartColours.Grey, 1.5f, LinePattern.Dashed));
        return new ChartFigure("Key-estimation attack: best mean IoU on the query images against the number of queries", panels, legend);
    }
}
