using System.Net;

namespace Pipeline.Reports.Html;

/// <summary>Small helpers for writing HTML by hand: every piece of data goes through <see cref="Encode"/>.</summary>
internal static class Html
{
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A table cell; <paramref name="css"/> gives its classes.</summary>
    public static string Td(string? text, string css = "") =>
        css.Length == 0 ? $"<td>{Encode(text)}</td>" : $"<td class=\"{css}\">{Encode(text)}</td>";

    /// <summary>A report section: its heading, an optional note under it, and its body.</summary>
    public static string Section(string id, string title, string note, string body) =>
        $"<section id=\"{id}\"><h2>{Encode(title)}</h2>" + (note.Length > 0 ? $"<p class=\"note\">{Encode(note)}</p>" : "") + body + "</section>\n";
}
