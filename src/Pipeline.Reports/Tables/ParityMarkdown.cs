using System.Globalization;
using System.Text;
using Pipeline.Orchestration.Parity;

namespace Pipeline.Reports.Tables;

/// <summary>
/// `pipeline parity`'s tables, printed and written to parity.md: each seed's training curve of both sides epoch by epoch
/// and the epoch each kept, then the final mean IoUs and the kept weights' validation loss over the seeds (mean ± seed
/// standard deviation, the seeds' values), their difference ± its standard error, and whether it is within the spread.
/// </summary>
public static class ParityMarkdown
{
    public const string File = "parity.md";

    public static string Write(ParitySummary summary)
    {
        var md = new StringBuilder();
        var seeds = string.Join(", ", summary.Seeds.Select(s => s.Seed.ToString(CultureInfo.InvariantCulture)));
        md.Append(Markdown.Table($"Final: ours against PyTorch over seeds {seeds}",
            $"{summary.Label} (job {summary.JobId}), {summary.Model}, {summary.Dataset}, {summary.Device}; PyTorch {summary.PytorchVersion} "
            + "running bench/reference_train.py. Mean ± standard deviation over the seeds (each seed's value in brackets); the difference "
            + "is ours − PyTorch's ± its standard error; within the spread: |difference| ≤ 2 standard errors.",
            [new("quantity"), new("ours", true), new("PyTorch", true), new("difference", true), new("within the spread")],
            summary.Measures.Select(m => new[]
            {
                m.Name, Spread(m.OursMean, m.OursStd, m.Ours), Spread(m.PytorchMean, m.PytorchStd, m.Pytorch),
                $"{Numbers.Signed(m.Difference)} ± {Numbers.Value(m.StandardError)}",
                m.WithinSpread switch { true => "yes", false => "no", null => "(one seed)" },
            })));
        foreach (var seed in summary.Seeds)
        {
            var ours = seed.Ours.Training?.History ?? [];
            md.Append('\n').Append(Markdown.Table($"Seed {seed.Seed}: training curves",
                $"Ours: job {seed.JobId}, kept epoch {seed.Ours.Training?.BestEpoch}, {seed.Ours.Training?.Seconds:F0} s. "
                + $"PyTorch: kept epoch {seed.Reference.Training.BestEpoch}, {seed.Reference.Training.Seconds:F0} s.",
                [new("epoch", true), new("training loss, ours", true), new("PyTorch", true), new("validation loss, ours", true), new("PyTorch", true),
                 new("learning rate, ours", true), new("PyTorch", true)],
                seed.Reference.Training.History.Select(theirs => ours.FirstOrDefault(e => e.Epoch == theirs.Epoch) is { } e
                    ? new[] { $"{e.Epoch}", Numbers.Value(e.TrainLoss), Numbers.Value(theirs.TrainLoss), Numbers.Value(e.ValidationLoss),
                              Numbers.Value(theirs.ValidationLoss), Rate(e.LearningRate), Rate(theirs.LearningRate) }
                    : [$"{theirs.Epoch}", "-", Numbers.Value(theirs.TrainLoss), "-", Numbers.Value(theirs.ValidationLoss), "-", Rate(theirs.LearningRate)])));
        }
        return md.ToString();
    }

    private static string Spread(double mean, double std, IReadOnlyList<double> values) =>
        $"{Numbers.Value(mean)} ± {Numbers.Value(std)} ({string.Join(", ", values.Select(Numbers.Value))})";

    private static string Rate(double lr) => lr.ToString("G4", CultureInfo.InvariantCulture);
}
