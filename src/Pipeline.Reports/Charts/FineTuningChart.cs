using Pipeline.Method.Transforms;
using Pipeline.Reports.Tables;
using ScottPlot;

namespace Pipeline.Reports.Charts;

/// <summary>
/// The fine-tuning attack: mean IoU on plain test images against the attacker's share of the training images, one panel
/// per method of the attacked models, a line per attacked model (its block size's colour), the models trained from
/// scratch on the same shares in grey in every panel, and each attacked model's mean IoU with its key as a dashed level
/// line in its colour: what the attacker would have to reach. Points carry markers, so that a single share reads as points.
/// </summary>
public static class FineTuningChart
{
    public const string SvgFile = "attacks_fine_tuning.svg", PngFile = "attacks_fine_tuning.png";
    public const string FineTuned = "fine-tuned model (plain images)", FromScratch = "from scratch (plain images)", Correct = "attacked model, correct key";
    public const string XLabel = "attacker's share of the training images", YLabel = "mean IoU";
    public const string NoMethodTitle = "from scratch";

    /// <summary>The chart, or null while no fine-tuned model, attacked model or model from scratch has a value.</summary>
    public static ChartFigure? Build(FineTuningTable table)
    {
        var scratch = table.FromScratch.Where(s => s.Plain.Value is not null).ToList();
        if (scratch.Count == 0 && !table.Rows.Any(r => r.FineTuned.Value is not null || r.Correct.Value is not null)) return null;
        var fractions = table.Rows.Select(r => r.Fraction).Concat(table.FromScratch.Select(s => s.Fraction)).Distinct().Order().ToList();
        var colours = new BlockSizeColours(table.Rows.Select(r => r.BlockSize));
        var methods = table.Rows.Select(r => (string?)r.Method).Distinct().ToList();
        var panels = (methods.Count > 0 ? methods : [null]).Select(method =>
        {
            var plot = ChartFigure.Panel(method is null ? NoMethodTitle : ProtectionMethod.Display(method), XLabel, YLabel);
            var (left, right) = Axes(plot, fractions);
            if (scratch.Count > 0)
            {
                var line = plot.Add.Scatter(scratch.Select(s => s.Fraction).ToArray(), scratch.Select(s => s.Plain.Value!.Value).ToArray(), ChartColours.Grey);
                Style(line, MarkerShape.FilledSquare, FromScratch);
            }
            foreach (var model in table.Rows.Where(r => r.Method == method).GroupBy(r => r.Target ?? r.Job))
            {
                var colour = colours.Of(model.First().BlockSize);
                if (model.Select(r => r.Correct.Value).FirstOrDefault(v => v is not null) is { } correct)
                    MeanIouAxis.Level(plot, correct, left, right, colour, LinePattern.Dashed, $"{Correct}, target {model.Key}");
                var points = model.Where(r => r.FineTuned.Value is not null).OrderBy(r => r.Fraction).ToList();
                if (points.Count == 0) continue;
                var line = plot.Add.Scatter(points.Select(r => r.Fraction).ToArray(), points.Select(r => r.FineTuned.Value!.Value).ToArray(), colour);
                Style(line, MarkerShape.FilledCircle, $"{FineTuned}, target {model.Key}");
            }
            return plot;
        }).ToList();

        var legend = colours.Legend();
        legend.Add(LegendLine.Of(FineTuned, ChartColours.Ink, 2, marker: MarkerShape.FilledCircle));
        legend.Add(LegendLine.Of(FromScratch, ChartColours.Grey, 2, marker: MarkerShape.FilledSquare));
        legend.Add(LegendLine.Of(Correct, ChartColours.Ink, 1.5f, LinePattern.Dashed));
        return new ChartFigure("Fine-tuning attack: mean IoU on plain images against the attacker's share of the training images", panels, legend);
    }

    private static void Style(ScottPlot.Plottables.Scatter line, MarkerShape marker, string legendText)
    {
        line.LineWidth = 2;
        line.MarkerShape = marker;
        line.MarkerSize = 8;
        line.LegendText = legendText;
    }

    // x: the shares, ticked and labelled at each as a percentage, padded so that the outer markers keep off the frame.
    private static (double Left, double Right) Axes(Plot plot, IReadOnlyList<double> fractions)
    {
        plot.Axes.Bottom.SetTicks(fractions.ToArray(), fractions.Select(Numbers.Percent).ToArray());
        var (low, high) = (fractions[0], fractions[^1]);
        var pad = high > low ? Math.Max(0.04, (high - low) * 0.12) : 0.1;
        MeanIouAxis.Set(plot, low - pad, high + pad);
        return (low - pad, high + pad);
    }
}
