using Pipeline.Orchestration.Jobs;
using Pipeline.Reports.Results;

namespace Pipeline.Reports.Tables;

/// <summary>
/// One number of an attack table, read from one job's metrics.json, or why there is none: its job has not finished
/// (<see cref="CellState.Pending"/>), failed, is damaged, or does not exist (<see cref="CellState.NotInGrid"/>).
/// </summary>
public readonly record struct JobValue(double? Value, CellState State)
{
    public static JobValue Of(JobEntry? job, Func<JobMetrics, double?> value) => job switch
    {
        null => new(null, CellState.NotInGrid),
        { IsDamaged: true } => new(null, CellState.Damaged),
        { Metrics: { } metrics } => new(value(metrics), CellState.Done),
        { State: JobState.Failed } => new(null, CellState.Failed),
        _ => new(null, CellState.Pending),
    };

    /// <summary>As Markdown and HTML show it: the value, "pending", "failed", or "—" where there is none.</summary>
    public string Text => Value is { } v ? Numbers.Value(v) : State == CellState.Done ? "—" : State.Text();

    /// <summary>As the CSV files hold it: the value, "pending", "failed" or "damaged", else empty.</summary>
    public string Csv => Value is { } v ? Numbers.Value(v) : State is CellState.Pending or CellState.Failed or CellState.Damaged ? State.Text() : "";
}
