using System.Globalization;
using Pipeline.Method.Training;
using Pipeline.Orchestration.Parity;
using ScottPlot;

namespace Pipeline.Reports.Charts;

/// <summary>
/// `pipeline parity`'s chart: on the left the training curves of both sides, a line per seed (ours blue, PyTorch orange;
/// validation loss solid, training loss dashed); on the right each seed's final mean IoU with the correct key, on plain
/// images and with incorrect keys (their mean), ours beside PyTorch's, each side's mean over the seeds as a bar.
/// </summary>
public static class ParityChart
{
    public const string SvgFile = "parity.svg", PngFile = "parity.png";
    public const string Ours = "ours (TorchSharp)", Pytorch = "PyTorch reference";
    private static readonly Color OursColour = Color.FromHex("#0072B2"), PytorchColour = Color.FromHex("#E69F00");

    public static ChartFigure Build(ParitySummary summary)
    {
        var curves = ChartFigure.Panel("Training curves", TrainingCurvesChart.XLabel, TrainingCurvesChart.YLabel);
        foreach (var seed in summary.Seeds)
        {
            Curves(curves, seed.Ours.Training?.History ?? [], OursColour, $"{Ours}, seed {seed.Seed}");
            Curves(curves, seed.Reference.Training.History, PytorchColour, $"{Pytorch}, seed {seed.Seed}");
        }
        var lastEpoch = summary.Seeds.Max(s => s.Reference.Training.History.Count);
        curves.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        curves.Axes.SetLimitsX(0.7, lastEpoch + 0.3);

        var iou = ChartFigure.Panel("Final mean IoU", "", "mean IoU");
        var measures = summary.Measures.Where(m => m.Name != ParitySummary.BestValidationLoss).ToList();
        for (var k = 0; k < measures.Count; k++)
        {
            Points(iou, k - 0.15, measures[k].Ours, OursColour, $"{Ours}, {measures[k].Name}");
            Points(iou, k + 0.15, measures[k].Pytorch, PytorchColour, $"{Pytorch}, {measures[k].Name}");
        }
        iou.Axes.Bottom.SetTicks(Enumerable.Range(0, measures.Count).Select(k => (double)k).ToArray(),
                                 measures.Select(m => m.Name.Replace("mean IoU, ", "", StringComparison.Ordinal).Replace(" (mean)", "", StringComparison.Ordinal)).ToArray());
        MeanIouAxis.Set(iou, -0.6, measures.Count - 0.4);

        var legend = new List<LegendItem>
        {
            LegendLine.Of(Ours, OursColour, 2, marker: MarkerShape.FilledCircle),
            LegendLine.Of(Pytorch, PytorchColour, 2, marker: MarkerShape.FilledCircle),
            LegendLine.Of(TrainingCurvesChart.Validation, ChartColours.Ink, 2, LinePattern.Solid),
            LegendLine.Of(TrainingCurvesChart.Train, ChartColours.Ink, 2, LinePattern.Dashed),
        };
        var seeds = string.Join(", ", summary.Seeds.Select(s => s.Seed.ToString(CultureInfo.InvariantCulture)));
        return new ChartFigure($"Training parity of {summary.Label} ({summary.Model}): ours and PyTorch {summary.PytorchVersion}, seeds {seeds}",
                               [curves, iou], legend);
    }

    private static void Curves(Plot plot, IReadOnlyList<EpochRecord> history, Color colour, string label)
    {
        var epochs = history.Select(e => (double)e.Epoch).ToArray();
        foreach (var (values, pattern, what) in new[]
                 {
                     (history.Select(e => e.ValidationLoss).ToArray(), LinePattern.Solid, TrainingCurvesChart.Validation),
                     (history.Select(e => e.TrainLoss).ToArray(), LinePattern.Dashed, TrainingCurvesChart.Train),
                 })
        {
            var line = plot.Add.Scatter(epochs, values, colour);
            line.LinePattern = pattern;
            line.LineWidth = 1.5f;
            line.MarkerSize = 0;
            line.LegendText = $"{label}, {what}";
        }
    }

    // The seeds' values as points, and their mean as a short bar.
    private static void Points(Plot plot, double x, IReadOnlyList<double> values, Color colour, string label)
    {
        var points = plot.Add.Scatter(values.Select(_ => x).ToArray(), values.ToArray(), colour);
        points.LineWidth = 0;
        points.MarkerShape = MarkerShape.FilledCircle;
        points.MarkerSize = 7;
        points.LegendText = label;
        var mean = plot.Add.Scatter(new[] { x - 0.1, x + 0.1 }, new[] { values.Average(), values.Average() }, colour);
        mean.LineWidth = 3;
        mean.MarkerSize = 0;
        mean.LegendText = $"{label}, mean";
    }
}
