namespace Pipeline.Reports.Tables;

/// <summary>A column of a report table, as its Markdown file and report.html head it: the header, and whether it holds numbers (right-aligned).</summary>
internal readonly record struct TableColumn(string Header, bool Numbers = false);
