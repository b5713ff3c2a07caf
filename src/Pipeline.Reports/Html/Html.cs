using System.Net;
using Pipeline.Reports.Tables;

namespace Pipeline.Reports.Html;

/// <summary>Small helpers for writing HTML by hand: every piece of data goes through <see cref="Encode"/>.</summary>
internal static class Html
{
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A table cell; <paramref name="css"/> gives its classes.</summary>
    public static string Td(string? text, string css = "") =>
        css.Length == 0 ? $"<td>{Encode(text)}</td>" : $"<td class=\"{css}\">{Encode(text)}</td>";

    /// <summary>A scrolling table's opening, up to its body: the head row from the same columns as its Markdown file.</summary>
    public static string TableHead(string css, IEnumerable<TableColumn> columns) =>
        $"<div class=\"scroll\"><table class=\"{css}\"><thead><tr>"
        + string.Concat(columns.Select(c => c.Numbers ? $"<th class=\"num\">{Encode(c.Header)}</th>" : $"<th>{Encode(c.Header)}</th>"))
        + "</tr></thead><tbody>";

    /// <summary>A report section: its heading, an optional note under it, and its body.</summary>
    public static string Section(string id, string title, string note, string body) =>
        $"<section id=\"{id}\"><h2>{Encode(title)}</h2>" + (note.Length > 0 ? $"<p class=\"note\">{Encode(note)}</p>" : "") + body + "</section>\n";
}
