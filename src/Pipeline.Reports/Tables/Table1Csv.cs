using Pipeline.Method.Transforms;
using Pipeline.Reports.Results;

namespace Pipeline.Reports.Tables;

/// <summary>
/// table1.csv: block_size, then per method ours, paper, difference and n (keys finished); a last row
/// "baseline" repeats the baseline under every method, since it is the reference for each. The row of the methods
/// without a block size (fmp) has an empty block_size, as metrics.json has a null one.
/// </summary>
public static class Table1Csv
{
    public static string Write(Table1 table) => Csv.Write(
        new[] { Header(table.Methods) }
            .Concat(table.Rows.Select(row => Row(Csv.Int(row.BlockSize), row.Cells)))
            .Append(Row(ProtectionMethod.Baseline, table.Methods.Select(_ => table.Baseline))));

    private static string[] Header(IEnumerable<string> methods) =>
        ["block_size", .. methods.SelectMany(m => new[] { "ours", "paper", "difference", "n" }.Select(column => $"{m}_{column}"))];

    private static string[] Row(string label, IEnumerable<Table1Cell> cells) =>
        [label, .. cells.SelectMany(cell => new[]
        {
            cell.Ours is { } ours ? Numbers.Value(ours) : cell.State == CellState.NotInGrid ? "" : cell.State.Text(),
            cell.Paper is { } paper ? Numbers.Value(paper) : "",
            cell.Difference is { } difference ? Numbers.Value(difference) : "",
            Csv.Int(cell.Finished),
        })];
}
