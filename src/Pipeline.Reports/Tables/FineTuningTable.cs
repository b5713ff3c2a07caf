using Pipeline.Method.Attacks;
using Pipeline.Orchestration.Jobs;
using Pipeline.Reports.Results;

namespace Pipeline.Reports.Tables;

/// <summary>
/// One fine-tuning attack: the attacked model (its method, block size or none, key fingerprint and job), the
/// attacker's share of the training images, the fine-tuned model's mean IoU on plain test images, the model trained from
/// scratch on the same share (the attacker's alternative), and the attacked model's own mean IoU with its key and on
/// plain images, from the attacked model's metrics.
/// </summary>
public sealed record FineTuningRow(
    string Method, int? BlockSize, string? KeyFingerprint, string? Target, double Fraction, int? TrainImages, string Job, JobState State,
    JobValue FineTuned, JobValue FromScratch, JobValue Correct, JobValue Plain);

/// <summary>A model trained from scratch on a share of the training images, evaluated on plain test images.</summary>
public sealed record FromScratchPoint(double Fraction, int? TrainImages, string Job, JobValue Plain);

/// <summary>The fine-tuning attacks of an experiment and its models trained from scratch, in the paper's method order.</summary>
public sealed record FineTuningTable(IReadOnlyList<FineTuningRow> Rows, IReadOnlyList<FromScratchPoint> FromScratch)
{
    /// <summary>The table, or null when the experiment has no fine-tuning attack and no model trained from scratch.</summary>
    public static FineTuningTable? From(ResultsFolder folder)
    {
        var attacks = folder.Attacks.Where(a => a.AttackKind is AttackKind.FineTuning or AttackKind.FromScratch).ToList();
        if (attacks.Count == 0) return null;
        var fromScratch = attacks.Where(a => a.AttackKind == AttackKind.FromScratch && a.Fraction is not null)
            // A finished model first, so that a fraction with several shows one that has a value.
            .OrderBy(a => a.Fraction).ThenBy(a => a.Metrics is null).ThenBy(a => a.Id, StringComparer.Ordinal)
            .Select(a => new FromScratchPoint(a.Fraction!.Value, TrainImages(a), a.Id, JobValue.Of(a, PlainMeanIou))).ToList();
        var rows = JobEntry.InReportOrder(attacks.Where(a => a.AttackKind == AttackKind.FineTuning && a.Fraction is not null))
            .Select(a =>
            {
                var target = folder.Model(a.Target);
                var scratch = fromScratch.FirstOrDefault(s => Same(s.Fraction, a.Fraction!.Value));
                return new FineTuningRow(a.Method ?? "?", a.BlockSize, a.KeyFingerprint, a.Target, a.Fraction!.Value, TrainImages(a), a.Id, a.State,
                    JobValue.Of(a, PlainMeanIou), scratch?.Plain ?? new JobValue(null, CellState.NotInGrid),
                    JobValue.Of(target, m => m.Evaluations.Correct?.MeanIou), JobValue.Of(target, PlainMeanIou));
            }).ToList();
        return new FineTuningTable(rows, fromScratch);
    }

    /// <summary>Whether two fractions are the same share (as read back from YAML and JSON).</summary>
    public static bool Same(double a, double b) => Math.Abs(a - b) < 1e-9;

    private static double? PlainMeanIou(JobMetrics metrics) => metrics.Evaluations.Plain.MeanIou;

    private static int? TrainImages(JobEntry attack) => attack.Metrics?.Attack?.TrainImages;
}
