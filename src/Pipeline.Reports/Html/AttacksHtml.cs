using System.Text;
using Pipeline.Method.Transforms;
using Pipeline.Reports.Results;
using Pipeline.Reports.Tables;
using static Pipeline.Reports.Html.Html;

namespace Pipeline.Reports.Html;

/// <summary>The attack tables as HTML, with the same cell texts as their Markdown files; a cell without a value says why.</summary>
internal static class AttacksHtml
{
    public static string FineTuning(FineTuningTable table)
    {
        var html = new StringBuilder(TableHead("attacks", FineTuningMarkdown.Columns));
        foreach (var row in table.Rows)
        {
            html.Append(Model(row.Method, row.BlockSize, row.KeyFingerprint));
            var cells = FineTuningMarkdown.Cells(row);
            html.Append(Td(cells[0], "num"));
            foreach (var (text, value) in cells.Skip(1).Zip(new[] { row.FineTuned, row.FromScratch, row.Correct, row.Plain })) html.Append(Value(text, value));
            html.Append("</tr>");
        }
        html.Append("</tbody></table></div>");
        return html.ToString();
    }

    public static string KeyEstimation(KeyEstimationTable table)
    {
        var html = new StringBuilder(TableHead("attacks", KeyEstimationMarkdown.Columns));
        foreach (var row in table.Rows)
        {
            html.Append(Model(row.Method, row.BlockSize, row.KeyFingerprint));
            var cells = KeyEstimationMarkdown.Cells(row);
            html.Append(Td(cells[0], "num") + Td(cells[1], "num"));
            var values = new[] { row.BestOnQueries, row.Estimated, row.KeyAgreement, row.Correct, row.Plain, row.QueryCorrect, row.QueryPlain };
            foreach (var (text, value) in cells.Skip(2).Zip(values)) html.Append(Value(text, value));
            html.Append("</tr>");
        }
        html.Append("</tbody></table></div>");
        return html.ToString();
    }

    private static string Model(string method, int? blockSize, string? fingerprint) =>
        $"<tr><td>{Encode(ProtectionMethod.Display(method))}</td><td class=\"num\">{Numbers.BlockSize(blockSize)}</td>"
        + (fingerprint is null ? Td("—") : $"<td><code>{Encode(fingerprint)}</code></td>");

    private static string Value(string text, JobValue value) =>
        Td(text, "num" + (value.Value is null && value.State != CellState.Done ? " " + TablesHtml.StateClass(value.State) : ""));
}
