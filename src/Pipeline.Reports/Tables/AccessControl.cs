using Pipeline.Method.Evaluation;
using Pipeline.Reports.Results;

namespace Pipeline.Reports.Tables;

/// <summary>Incorrect keys of one cell: mean ± std, min and max of their mean IoUs, and how many were evaluated.</summary>
public sealed record IncorrectSummary(double Mean, double Std, double Min, double Max, int Evaluated, int Requested)
{
    /// <summary>
    /// Pools the keys' summaries as one population (mean of all runs, standard deviation about that mean),
    /// so a single key reports exactly what its metrics.json says.
    /// </summary>
    internal static IncorrectSummary? Pool(IReadOnlyList<IncorrectKeys> keys)
    {
        var used = keys.Where(k => k.Evaluated > 0).ToList();
        if (used.Count == 0) return null;
        double n = used.Sum(k => k.Evaluated);
        var mean = used.Sum(k => k.Evaluated * k.Mean) / n;
        var secondMoment = used.Sum(k => k.Evaluated * (k.Std * k.Std + k.Mean * k.Mean)) / n;
        return new IncorrectSummary(
            mean, Math.Sqrt(Math.Max(0, secondMoment - mean * mean)), used.Min(k => k.Min), used.Max(k => k.Max),
            used.Sum(k => k.Evaluated), used.Sum(k => k.Requested));
    }
}

/// <summary>One protected cell: correct key, plain images and incorrect keys, each averaged over the cell's keys (Finished and Planned count keys); block size null for fmp.</summary>
public sealed record AccessControlRow(
    string Method, int? BlockSize, int Finished, int Planned, CellState State,
    double? Correct, double? Plain, IncorrectSummary? Incorrect);

/// <summary>The access-control table (the paper's Fig. 6): every method and block size of the grid, fmp once.</summary>
public sealed record AccessControl(IReadOnlyList<AccessControlRow> Rows)
{
    public static AccessControl From(ResultsGrid grid) => new(
        grid.Methods.SelectMany(method => grid.BlockSizesOf(method).Select(m => grid.Cell(method, m)))
            .Where(cell => cell.State != CellState.NotInGrid)
            .Select(Row).ToList());

    private static AccessControlRow Row(GridCell cell) => new(
        cell.Method, cell.BlockSize, cell.FinishedKeys, cell.Keys, cell.State,
        cell.MeanOverKeys(j => j.Evaluations.Correct?.MeanIou),
        cell.MeanOverKeys(j => j.Evaluations.Plain.MeanIou),
        IncorrectSummary.Pool(cell.Finished.Select(j => j.Evaluations.Incorrect).OfType<IncorrectKeys>().ToList()));
}
