using Pipeline.Reports.Tables;
using System.Globalization;
using Pipeline.Method.Training;
using Pipeline.Method.Transforms;
using Pipeline.Reports.Results;
using ScottPlot;

namespace Pipeline.Reports.Charts;

/// <summary>
/// The training curves of the finished jobs, from each metrics.json's training history: one panel per method (the
/// paper's order), a colour per block size (dark to light as M grows) so that a panel shows how the block size changes
/// learning, validation loss solid and training loss dashed, one pair of lines per job (each key of a cell), and the
/// baseline in grey in every panel as the reference; a method without block sizes (fmp) has a panel of its own in one
/// colour, "no block size". Attack jobs are not here: only the models of the grid. Each panel's loss axis fits its own curves (an early epoch's
/// spike in one method must not flatten the others) and all share the epochs. Only baseline jobs: one panel.
/// </summary>
public static class TrainingCurvesChart
{
    public const string SvgFile = "curves.svg", PngFile = "curves.png";
    public const string Train = "training loss", Validation = "validation loss", Baseline = "baseline";
    public const string XLabel = "epoch", YLabel = "cross-entropy loss";

    /// <summary>The chart, or null when no finished job has a training history yet.</summary>
    public static ChartFigure? Build(ResultsFolder folder)
    {
        var jobs = folder.Jobs.Where(j => j.Method is not null && History(j).Count > 0)
            .OrderBy(j => j.BlockSize ?? 0).ThenBy(j => j.Id, StringComparer.Ordinal).ToList();
        if (jobs.Count == 0) return null;
        var baseline = jobs.Where(j => j.Method == ProtectionMethod.Baseline).ToList();
        var methods = ProtectionMethod.Order(jobs.Select(j => j.Method!));
        var colours = new BlockSizeColours(jobs.Where(j => j.Method != ProtectionMethod.Baseline).Select(j => j.BlockSize));
        var lastEpoch = jobs.Max(j => History(j).Max(e => e.Epoch));

        var panels = (methods.Count > 0 ? methods : [ProtectionMethod.Baseline]).Select(method =>
        {
            var plot = ChartFigure.Panel(ProtectionMethod.Display(method), XLabel, YLabel);
            var own = jobs.Where(j => j.Method == method && method != ProtectionMethod.Baseline).ToList();
            foreach (var job in baseline) Lines(plot, job, ChartColours.Grey);
            foreach (var job in own) Lines(plot, job, colours.Of(job.BlockSize));
            Axes(plot, lastEpoch, baseline.Concat(own).SelectMany(History).Max(e => Math.Max(e.TrainLoss, e.ValidationLoss)));
            return plot;
        }).ToList();

        var legend = colours.Legend();
        if (baseline.Count > 0) legend.Add(LegendLine.Of(Baseline, ChartColours.Grey, 2, LinePattern.Solid));
        legend.Add(LegendLine.Of(Validation, ChartColours.Ink, 2, LinePattern.Solid));
        legend.Add(LegendLine.Of(Train, ChartColours.Ink, 2, LinePattern.Dashed));
        return new ChartFigure("Training curves: training and validation loss per epoch, one panel per method", panels, legend);
    }

    private static void Lines(Plot plot, JobEntry job, Color colour)
    {
        var history = History(job).OrderBy(e => e.Epoch).ToList();
        var epochs = history.Select(e => (double)e.Epoch).ToArray();
        // Markers while there are few epochs, so that a one-epoch job still shows its points.
        var marker = history.Count <= 12 ? 5f : 0f;
        foreach (var (values, pattern, shape, label) in new[]
                 {
                     (history.Select(e => e.ValidationLoss).ToArray(), LinePattern.Solid, MarkerShape.FilledCircle, Validation),
                     (history.Select(e => e.TrainLoss).ToArray(), LinePattern.Dashed, MarkerShape.OpenCircle, Train),
                 })
        {
            var line = plot.Add.Scatter(epochs, values, colour);
            line.LinePattern = pattern;
            line.LineWidth = 1.8f;
            line.MarkerSize = marker;
            line.MarkerShape = shape;
            line.LegendText = $"{(job.Method == ProtectionMethod.Baseline ? Baseline : Numbers.BlockSizeLabel(job.BlockSize))}, {label}, job {job.Id}";
        }
    }

    private static IReadOnlyList<EpochRecord> History(JobEntry job) => job.Metrics?.Training?.History ?? [];

    private static void Axes(Plot plot, int lastEpoch, double top)
    {
        if (lastEpoch <= 12)
        {
            var epochs = Enumerable.Range(1, lastEpoch).Select(e => (double)e).ToArray();
            plot.Axes.Bottom.SetTicks(epochs, epochs.Select(e => e.ToString(CultureInfo.InvariantCulture)).ToArray());
        }
        else plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        var pad = Math.Max(0.3, lastEpoch * 0.03);
        plot.Axes.SetLimits(1 - pad, lastEpoch + pad, 0, top * 1.08);
    }
}
