using Pipeline.Orchestration.Jobs;
using Pipeline.Method.Evaluation;
using Pipeline.Reports.Results;

namespace Pipeline.Reports.Tables;

/// <summary>
/// One value of Table 1: our mean IoU (averaged over keys), the paper's (beside a VOC run only), and their difference;
/// Finished and Planned count distinct keys.
/// </summary>
public sealed record Table1Cell(double? Ours, int Finished, int Planned, double? Paper, CellState State)
{
    /// <summary>Ours rounded as shown minus the paper's, so that the printed numbers add up.</summary>
    public double? Difference => Ours is { } ours && Paper is { } paper ? Math.Round(ours, 4, MidpointRounding.AwayFromZero) - paper : null;

    internal static Table1Cell From(GridCell cell, Func<JobMetrics, double?> value, double? paper) =>
        new(cell.State == CellState.Damaged ? null : cell.MeanOverKeys(value), cell.FinishedKeys, cell.Keys, paper, cell.State);
}

/// <summary>A row of Table 1: a block size, or null for the row of the methods without one (fmp).</summary>
public sealed record Table1Row(int? BlockSize, IReadOnlyList<Table1Cell> Cells);

/// <summary>
/// Table 1: mean IoU with the correct key per block size (rows) and method (columns, <see cref="Methods"/>),
/// and the unprotected baseline on plain images. A method without block sizes (fmp) has its value in a last row
/// without a block size, where every block-wise method's cell is empty, as its cells are in the block sizes' rows.
/// The paper's values stand beside ours only for a run on PASCAL VOC (<see cref="OnVoc"/>): beside another dataset's
/// they would mean nothing.
/// </summary>
public sealed record Table1(IReadOnlyList<string> Methods, IReadOnlyList<Table1Row> Rows, Table1Cell Baseline, bool OnVoc)
{
    /// <summary>Whether method k's columns include the paper's value and the difference (a VOC run; not for fmp, which the paper lacks).</summary>
    public bool ComparedWithPaper(int k) => OnVoc && PaperTable1.Has(Methods[k]);

    /// <summary>The methods whose value is in the row without a block size.</summary>
    public IReadOnlyList<string> WithoutBlockSize =>
        Rows.Where(r => r.BlockSize is null).SelectMany(r => Methods.Where((_, k) => r.Cells[k].State != CellState.NotInGrid)).ToList();

    public static Table1 From(ResultsGrid grid)
    {
        var blockSizes = grid.BlockSizes.Select(m => (int?)m).ToList();
        if (grid.Methods.Any(method => !grid.HasBlockSizes(method))) blockSizes.Add(null);
        var onVoc = grid.OnVoc;
        return new Table1(
            grid.Methods,
            blockSizes.Select(m => new Table1Row(m, grid.Methods
                .Select(method => Table1Cell.From(grid.Cell(method, m), j => j.Evaluations.Correct?.MeanIou,
                                                  onVoc && m is { } size ? PaperTable1.Value(method, size) : null))
                .ToList())).ToList(),
            Table1Cell.From(grid.Baseline, j => j.Evaluations.Plain.MeanIou, onVoc ? PaperTable1.Baseline : null),
            onVoc);
    }
}
