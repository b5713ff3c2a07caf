using Pipeline.Method.Transforms;
using Pipeline.Reports.Results;

namespace Pipeline.Reports.Tables;

/// <summary>access_control.md: the access-control table for people; cells without results say why.</summary>
public static class AccessControlMarkdown
{
    /// <summary>The table's columns, also heading its table in report.html.</summary>
    internal static readonly IReadOnlyList<TableColumn> Columns =
    [
        new("Method"), new("M", true), new("Keys", true), new("Correct key", true), new("Plain images", true),
        new("Incorrect keys (mean ± std)", true), new("Min", true), new("Max", true), new("Evaluated/requested", true),
    ];

    public static string Write(AccessControl table) => Markdown.Table(
        "Access control: mean IoU with the correct key, plain images and incorrect keys", null, Columns,
        table.Rows.Select(row => (IEnumerable<string>)
            [ProtectionMethod.Display(row.Method), Numbers.BlockSize(row.BlockSize), Numbers.Count(row.Finished, row.Planned), .. Cells(row)]));

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
