using Pipeline.Method.Transforms;
using System.Text;
using Pipeline.Reports.Results;

namespace Pipeline.Reports.Tables;

/// <summary>table1.md: ours, the paper's value beside it and the difference, per method; the baseline below.</summary>
public static class Table1Markdown
{
    public static string Write(Table1 table)
    {
        var md = new StringBuilder();
        md.Append("# Table 1: mean IoU of the protected models with the correct key\n\n");
        md.Append(Note(table)).Append("\n\n");
        md.Append("| M |");
        for (var k = 0; k < table.Methods.Count; k++)
        {
            var method = ProtectionMethod.Display(table.Methods[k]);
            md.Append(table.ComparedWithPaper(k) ? $" {method} | {method} paper | {method} Δ |" : $" {method} |");
        }
        md.Append("\n|---:|");
        for (var k = 0; k < table.Methods.Count; k++) md.Append(table.ComparedWithPaper(k) ? "---:|---:|---:|" : "---:|");
        md.Append('\n');
        foreach (var row in table.Rows)
        {
            md.Append($"| {Numbers.BlockSize(row.BlockSize)} |");
            for (var k = 0; k < row.Cells.Count; k++)
            {
                var cell = row.Cells[k];
                md.Append(table.ComparedWithPaper(k) ? $" {Ours(cell)} | {Paper(cell)} | {Difference(cell)} |" : $" {Ours(cell)} |");
            }
            md.Append('\n');
        }
        if (NoBlockSize(table) is { Length: > 0 } noBlockSize) md.Append($"\n{noBlockSize}\n");
        var b = table.Baseline;
        md.Append(table.OnVoc
            ? $"\nBaseline (unprotected model, plain images): {Ours(b)}; paper {Paper(b)}; Δ {Difference(b)}.\n"
            : $"\nBaseline (unprotected model, plain images): {Ours(b)}.\n");
        return md.ToString();
    }

    /// <summary>What the table holds; also used by the HTML report.</summary>
    public static string Note(Table1 table) => (table.OnVoc
            ? "Ours beside the paper's (Ito, AprilPyone and Kiya, 2021); Δ = ours − paper."
            : "The paper's Table 1 (Ito, AprilPyone and Kiya, 2021) is on PASCAL VOC 2012, and these models were trained on another "
              + "dataset, so its values are not set beside them.")
        + " Where a cell has several keys, ours is their mean and n says how many.";

    /// <summary>Why the methods without a block size (fmp) have their value in the row M = —, or "" when there are none; also used by the HTML report.</summary>
    public static string NoBlockSize(Table1 table) => table.WithoutBlockSize is { Count: > 0 } unblocked
        ? $"{string.Join(", ", unblocked.Select(ProtectionMethod.Display))} permutes the model's feature maps instead of image blocks: it has no block size, "
          + "so its value is in the row M = —, and the paper's Table 1 has no column for it to compare with."
        : "";

    /// <summary>The value with n where it is a mean over several keys or some keys are still missing.</summary>
    public static string Ours(Table1Cell cell) => cell.Ours is { } ours
        ? Numbers.Value(ours) + (cell.Planned > 1 ? $" (n={Numbers.Count(cell.Finished, cell.Planned)})" : "")
        : cell.State.Text();

    public static string Paper(Table1Cell cell) => cell.Paper is { } paper ? Numbers.Value(paper) : "—";

    public static string Difference(Table1Cell cell) => cell.Difference is { } d ? Numbers.Signed(d) : "—";
}
