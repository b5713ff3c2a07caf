using Pipeline.Orchestration.Jobs;
using Pipeline.Method.Evaluation;

namespace Pipeline.Reports.Results;

/// <summary>The jobs of one method and block size (one per key), or the baseline's jobs.</summary>
public sealed record GridCell(string Method, int? BlockSize, IReadOnlyList<JobEntry> Jobs)
{
    /// <summary>The finished jobs' metrics, none of a damaged job.</summary>
    public IReadOnlyList<JobMetrics> Finished { get; } = Jobs.Where(j => j.Metrics is not null && !j.IsDamaged).Select(j => j.Metrics!).ToList();

    /// <summary>Distinct keys among the cell's jobs, and among its finished ones: what "n" counts.</summary>
    public int Keys => Jobs.Select(j => j.KeyFingerprint).Distinct().Count();
    public int FinishedKeys => Finished.Select(m => m.KeyFingerprint).Distinct().Count();

    /// <summary>A value averaged over the cell's keys, each key's jobs averaged first so that a key counts once; null when none has it.</summary>
    public double? MeanOverKeys(Func<JobMetrics, double?> value)
    {
        var perKey = Finished.GroupBy(m => m.KeyFingerprint).Select(g => g.Select(value).OfType<double>().ToList())
            .Where(values => values.Count > 0).Select(values => values.Average()).ToList();
        return perKey.Count > 0 ? perKey.Average() : null;
    }

    /// <summary>A damaged job makes the whole cell damaged: a value without it would look complete.</summary>
    public CellState State =>
        Jobs.Any(j => j.IsDamaged) ? CellState.Damaged
        : Finished.Count > 0 ? CellState.Done
        : Jobs.Count == 0 ? CellState.NotInGrid
        : Jobs.All(j => j.State == JobState.Failed) ? CellState.Failed
        : CellState.Pending;
}
