using Pipeline.Method.Transforms;
using System.Text;
using Pipeline.Reports.Results;

namespace Pipeline.Reports.Tables;

/// <summary>access_control.md: the access-control table for people; cells without results say why.</summary>
public static class AccessControlMarkdown
{
    public static string Write(AccessControl table)
    {
        var md = new StringBuilder();
        md.Append("# Access control: mean IoU with the correct key, plain images and incorrect keys\n\n");
        md.Append("| Method | M | Keys | Correct key | Plain images | Incorrect keys (mean ± std) | Min | Max | Evaluated/requested |\n");
        md.Append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var row in table.Rows)
        {
            md.Append($"| {MethodRegistry.Display(row.Method)} | {Table1Markdown.BlockSize(row.BlockSize)} | {Numbers.Count(row.Finished, row.Planned)} |");
            foreach (var cell in Cells(row)) md.Append($" {cell} |");
            md.Append('\n');
        }
        return md.ToString();
    }

    /// <summary>The six value cells of a row, also used by the HTML report.</summary>
    public static IReadOnlyList<string> Cells(AccessControlRow row)
    {
        if (row.State != CellState.Done) return Enumerable.Repeat(row.State.Text(), 6).ToList();
        var i = row.Incorrect;
        return
        [
            Optional(row.Correct), Optional(row.Plain),
            i is null ? "—" : $"{Numbers.Value(i.Mean)} ± {Numbers.Value(i.Std)}",
            Optional(i?.Min), Optional(i?.Max),
            i is null ? "—" : $"{i.Evaluated}/{i.Requested}",
        ];
    }

    private static string Optional(double? value) => value is { } v ? Numbers.Value(v) : "—";
}
