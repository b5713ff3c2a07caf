using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Pipeline.Reports.Charts;

/// <summary>
/// SkiaSharp's SVG made ready for use: a file that scales (a view box) and says what it shows (a title), and a
/// copy for inlining in an HTML page whose ids cannot meet another inlined chart's (SkiaSharp numbers its clip
/// paths from the same start in every file, and a page resolves url(#id) to the first element with that id).
/// </summary>
public static partial class ChartSvg
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly XNamespace XLink = "http://www.w3.org/1999/xlink";

    public static string Standalone(string svg, int width, int height, string title)
    {
        var root = XElement.Parse(svg);
        root.SetAttributeValue("viewBox", $"0 0 {width} {height}");
        root.SetAttributeValue("role", "img");
        root.AddFirst(new XElement(Svg + "title", title));
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root.ToString(SaveOptions.DisableFormatting) + "\n";
    }

    /// <summary>The SVG element alone (no XML declaration), every id prefixed with <paramref name="prefix"/> and every reference to it.</summary>
    public static string Inline(string svg, string prefix)
    {
        var root = XElement.Parse(svg);
        var ids = root.DescendantsAndSelf().Select(e => e.Attribute("id")?.Value).OfType<string>().ToHashSet();
        foreach (var element in root.DescendantsAndSelf())
            foreach (var attribute in element.Attributes())
            {
                if (attribute.Name == "id") attribute.Value = prefix + attribute.Value;
                else if ((attribute.Name == "href" || attribute.Name == XLink + "href") && attribute.Value.StartsWith('#') && ids.Contains(attribute.Value[1..]))
                    attribute.Value = "#" + prefix + attribute.Value[1..];
                else if (attribute.Value.Contains("url(#", StringComparison.Ordinal))
                    attribute.Value = Reference().Replace(attribute.Value, m => ids.Contains(m.Groups[1].Value) ? $"url(#{prefix}{m.Groups[1].Value})" : m.Value);
            }
        return root.ToString(SaveOptions.DisableFormatting);
    }

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex Reference();
}
