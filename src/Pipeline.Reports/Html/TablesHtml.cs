using Pipeline.Method.Transforms;
using System.Text;
using Pipeline.Reports.Results;
using Pipeline.Reports.Tables;
using static Pipeline.Reports.Html.Html;

namespace Pipeline.Reports.Html;

/// <summary>Table 1, the access-control table and the key-space table as HTML, with the same cell texts as the Markdown files.</summary>
internal static class TablesHtml
{
    public static string Table1(Table1 table)
    {
        var html = new StringBuilder("<div class=\"scroll\"><table class=\"table1\"><thead><tr><th rowspan=\"2\">M</th>");
        var methods = Enumerable.Range(0, table.Methods.Count).ToList();
        foreach (var k in methods)
            html.Append($"<th class=\"group\" colspan=\"{Width(table, k)}\">{Encode(ProtectionMethod.Display(table.Methods[k]))}</th>");
        html.Append("</tr><tr>");
        foreach (var k in methods)
            html.Append(table.ComparedWithPaper(k) ? "<th class=\"num first\">ours</th><th class=\"num\">paper</th><th class=\"num\">Δ</th>" : "<th class=\"num first\">ours</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in table.Rows)
        {
            html.Append($"<tr><th class=\"num\">{Numbers.BlockSize(row.BlockSize)}</th>");
            foreach (var k in methods) html.Append(Cells(row.Cells[k], table.ComparedWithPaper(k)));
            html.Append("</tr>");
        }
        // The baseline sits under the first method's columns, with the paper's value where that method has its column.
        html.Append("<tr class=\"baseline\"><th>baseline</th>");
        var withPaper = methods.Count > 0 && table.ComparedWithPaper(0);
        var padding = methods.Sum(k => Width(table, k)) - (withPaper ? 3 : 1);
        html.Append(Cells(table.Baseline, withPaper) + string.Concat(Enumerable.Repeat("<td></td>", Math.Max(0, padding))));
        html.Append("</tr></tbody></table></div>");
        return html.ToString();
    }

    private static int Width(Table1 table, int k) => table.ComparedWithPaper(k) ? 3 : 1;

    private static string Cells(Table1Cell cell, bool withPaper) =>
        Td(Table1Markdown.Ours(cell), "num first" + (cell.Ours is null ? " " + StateClass(cell.State) : ""))
        + (withPaper
            ? Td(Table1Markdown.Paper(cell), "num paper")
              + Td(Table1Markdown.Difference(cell), "num" + cell.Difference switch { < -0.00005 => " neg", > 0.00005 => " pos", _ => "" })
            : "");

    public static string AccessControl(AccessControl table)
    {
        var html = new StringBuilder(TableHead("access", AccessControlMarkdown.Columns));
        foreach (var row in table.Rows)
        {
            html.Append($"<tr><td>{Encode(ProtectionMethod.Display(row.Method))}</td><td class=\"num\">{Numbers.BlockSize(row.BlockSize)}</td>");
            html.Append(Td(Numbers.Count(row.Finished, row.Planned), "num"));
            foreach (var text in AccessControlMarkdown.Cells(row)) html.Append(Td(text, "num" + (row.State == CellState.Done ? "" : " " + StateClass(row.State))));
            html.Append("</tr>");
        }
        html.Append("</tbody></table></div>");
        return html.ToString();
    }

    public static string KeySpaces(KeySpaceTable table)
    {
        var html = new StringBuilder(TableHead("keyspace", KeySpaceMarkdown.Columns));
        foreach (var row in table.Rows)
        {
            var cells = KeySpaceMarkdown.Cells(row);
            html.Append($"<tr><td>{Encode(ProtectionMethod.Display(row.Space.Method))}</td><td class=\"num\">{Numbers.BlockSize(row.Space.BlockSize)}</td>");
            html.Append(Td(cells[0]) + string.Concat(cells.Skip(1).Take(3).Select(c => Td(c, "num"))) + Td(cells[4]));
            html.Append("</tr>");
        }
        html.Append("</tbody></table></div>");
        return html.ToString();
    }

    /// <summary>The CSS class of a cell without a value: why it has none.</summary>
    public static string StateClass(CellState state) => state switch
    {
        CellState.Failed or CellState.Damaged => "failed",
        CellState.NotInGrid => "absent",
        _ => "pending",
    };
}
