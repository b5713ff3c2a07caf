using System.Text;

namespace Pipeline.Reports.Tables;

/// <summary>The Markdown file of one report table: a title, a note when there is one, the header row and the rows.</summary>
internal static class Markdown
{
    public static string Table(string title, string? note, IReadOnlyList<TableColumn> columns, IEnumerable<IEnumerable<string>> rows)
    {
        var md = new StringBuilder($"# {title}\n\n");
        if (note is not null) md.Append(note).Append("\n\n");
        md.Append('|').AppendJoin("", columns.Select(c => $" {c.Header} |")).Append('\n');
        md.Append('|').AppendJoin("", columns.Select(c => c.Numbers ? "---:|" : "---|")).Append('\n');
        foreach (var row in rows) md.Append('|').AppendJoin("", row.Select(cell => $" {cell} |")).Append('\n');
        return md.ToString();
    }
}
