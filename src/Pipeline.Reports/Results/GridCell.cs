using Pipeline.Orchestration.Jobs;
using Pipeline.Method.Evaluation;

namespace Pipeline.Reports.Results;

/// <summary>The jobs of one method and block size (one per key), or the baseline's jobs.</summary>
public sealed record GridCell(string Method, int? BlockSize, IReadOnlyList<JobEntry> Jobs)
{
    public IReadOnlyList<JobMetrics> Finished { get; } = Jobs.Where(j => j.Metrics is not null).Select(j => j.Metrics!).ToList();

    public CellState State =>
        Finished.Count > 0 ? CellState.Done
        : Jobs.Count == 0 ? CellState.NotInGrid
        : Jobs.All(j => j.State == JobState.Failed) ? CellState.Failed
        : CellState.Pending;
}
