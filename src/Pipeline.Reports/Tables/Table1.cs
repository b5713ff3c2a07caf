using Pipeline.Orchestration.Jobs;
using Pipeline.Method.Evaluation;
using Pipeline.Reports.Results;

namespace Pipeline.Reports.Tables;

/// <summary>One value of Table 1: our mean IoU (averaged over keys), the paper's, and their difference.</summary>
public sealed record Table1Cell(double? Ours, int Finished, int Planned, double? Paper, CellState State)
{
    /// <summary>Ours rounded as shown minus the paper's, so that the printed numbers add up.</summary>
    public double? Difference => Ours is { } ours && Paper is { } paper ? Math.Round(ours, 4, MidpointRounding.AwayFromZero) - paper : null;

    internal static Table1Cell From(GridCell cell, Func<JobMetrics, double?> value, double? paper)
    {
        var values = cell.Finished.Select(value).OfType<double>().ToList();
        return new Table1Cell(values.Count > 0 ? values.Average() : null, cell.Finished.Count, cell.Jobs.Count, paper, cell.State);
    }
}

public sealed record Table1Row(int BlockSize, IReadOnlyList<Table1Cell> Cells);

/// <summary>
/// Table 1: mean IoU with the correct key per block size (rows) and method (columns, <see cref="Methods"/>),
/// and the unprotected baseline on plain images.
/// </summary>
public sealed record Table1(IReadOnlyList<string> Methods, IReadOnlyList<Table1Row> Rows, Table1Cell Baseline)
{
    public static Table1 From(ResultsGrid grid) => new(
        grid.Methods,
        grid.BlockSizes.Select(m => new Table1Row(m, grid.Methods
            .Select(method => Table1Cell.From(grid.Cell(method, m), j => j.Evaluations.Correct?.MeanIou, PaperTable1.Value(method, m)))
            .ToList())).ToList(),
        Table1Cell.From(grid.Baseline, j => j.Evaluations.Plain.MeanIou, PaperTable1.Baseline));
}
