using Pipeline.Method.Attacks;
using Pipeline.Orchestration.Jobs;
using Pipeline.Reports.Results;

namespace Pipeline.Reports.Tables;

/// <summary>
/// One key-estimation attack on a model: its query budget (random keys, then local-search queries, each scoring the
/// first <see cref="QueryImages"/> test images), the best mean IoU the queries reached on those images and after each
/// query (<see cref="Curve"/>), its best guess's mean IoU on the whole test set and share of the key's positions it has
/// right, beside the attacked model's mean IoU with its key and on plain images, on the test set and on the query images.
/// </summary>
public sealed record KeyEstimationRow(
    string Method, int? BlockSize, string? KeyFingerprint, string? Target, string Job, JobState State,
    int? RandomKeys, int? LocalQueries, int? QueryImages, IReadOnlyList<double>? Curve,
    JobValue BestOnQueries, JobValue Estimated, JobValue KeyAgreement, JobValue Correct, JobValue Plain, JobValue QueryCorrect, JobValue QueryPlain)
{
}

/// <summary>The key-estimation attacks of an experiment, in the paper's method order.</summary>
public sealed record KeyEstimationTable(IReadOnlyList<KeyEstimationRow> Rows)
{
    /// <summary>The table, or null when the experiment has no key-estimation attack.</summary>
    public static KeyEstimationTable? From(ResultsFolder folder)
    {
        var attacks = folder.Attacks.Where(a => a.AttackKind == AttackKind.KeyEstimation).ToList();
        if (attacks.Count == 0) return null;
        return new KeyEstimationTable(JobEntry.InReportOrder(attacks).Select(a => Row(a, folder.Model(a.Target))).ToList());
    }

    private static KeyEstimationRow Row(JobEntry attack, JobEntry? target)
    {
        // The budget as the search ran it once finished, else as planned in job.yaml.
        var done = attack.Metrics?.Attack;
        var planned = (attack.Job as KeyEstimationJob)?.Budget;
        // The attacked model's own evaluations; the attack's copy of them where the model's folder is gone.
        var model = target?.Metrics is not null || attack.Metrics is null ? target : attack;
        return new KeyEstimationRow(
            attack.Method ?? "?", attack.BlockSize, attack.KeyFingerprint, attack.Target, attack.Id, attack.State,
            done?.RandomKeys ?? planned?.RandomKeys, done?.LocalQueries ?? planned?.LocalQueries, done?.QueryImages ?? planned?.QueryImages, done?.Curve,
            JobValue.Of(attack, m => m.Attack?.Curve is { Count: > 0 } curve ? curve[^1] : null),
            JobValue.Of(attack, m => m.Attack?.Estimated?.MeanIou),
            JobValue.Of(attack, m => m.Attack?.KeyAgreement),
            JobValue.Of(model, m => m.Evaluations.Correct?.MeanIou),
            JobValue.Of(model, m => m.Evaluations.Plain.MeanIou),
            JobValue.Of(attack, m => m.Attack?.QueryCorrect),
            JobValue.Of(attack, m => m.Attack?.QueryPlain));
    }
}
