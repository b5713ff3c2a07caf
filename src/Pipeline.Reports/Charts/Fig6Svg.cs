using Pipeline.Method.Transforms;
using System.Globalization;
using System.Xml.Linq;
using Pipeline.Reports.Results;
using Pipeline.Reports.Tables;

namespace Pipeline.Reports.Charts;

/// <summary>
/// Fig. 6 as SVG: one panel per method, mean IoU against block size on a log-2 axis, for the correct key,
/// plain images and incorrect keys (mean line over a min–max band). Colours and markers are set as
/// attributes, not CSS, so the figure looks the same standalone and inlined in report.html; every series
/// is a <c>g class="series NAME" data-series="NAME"</c> whose markers have <c>class="point"</c>.
/// </summary>
public static class Fig6Svg
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private enum Marker { Circle, Square, Triangle }

    private sealed record Series(string Name, string Label, string Colour, Marker Marker, Func<AccessControlRow, double?> Value);

    // Okabe–Ito colours with distinct markers, readable in colour-blind vision and in greyscale.
    private static readonly Series[] AllSeries =
    [
        new("incorrect", "incorrect keys (mean)", "#D55E00", Marker.Triangle, r => r.Incorrect?.Mean),
        new("plain", "plain images", "#E69F00", Marker.Square, r => r.Plain),
        new("correct", "correct key", "#0072B2", Marker.Circle, r => r.Correct),
    ];

    private const double PanelWidth = 350, PanelHeight = 290, LegendHeight = 44, Margin = 12;
    private const double PlotLeft = 62, PlotRight = 334, PlotTop = 34, PlotBottom = 240;

    /// <summary>The figure as the text of a standalone .svg file (inline it in HTML as the element itself).</summary>
    public static string FileText(XElement figure) => "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + figure + "\n";

    public static XElement Build(AccessControl table, IReadOnlyList<string> methods, IReadOnlyList<int> blockSizes)
    {
        // The legend sets the least width, so that one panel alone still shows it whole; panels are centred.
        var width = Math.Max(PanelWidth * Math.Max(1, methods.Count), LegendWidth()) + Margin * 2;
        var panelsLeft = (width - PanelWidth * methods.Count) / 2;
        var height = LegendHeight + PanelHeight + Margin;
        var svg = new XElement(Svg + "svg",
            new XAttribute("viewBox", $"0 0 {F(width)} {F(height)}"),
            new XAttribute("width", F(width)), new XAttribute("height", F(height)),
            new XAttribute("role", "img"), new XAttribute("class", "fig6"),
            new XAttribute("font-family", "'DejaVu Sans', 'Liberation Sans', Helvetica, Arial, sans-serif"),
            new XAttribute("font-size", "13"), new XAttribute("fill", "#222"),
            new XElement(Svg + "title", "Fig. 6: mean IoU against block size for the correct key, plain images and incorrect keys"),
            new XElement(Svg + "rect", new XAttribute("width", "100%"), new XAttribute("height", "100%"), new XAttribute("fill", "#fff")));
        if (methods.Count == 0)
        {
            svg.Add(Text(width / 2, LegendHeight + PanelHeight / 2, "No protected jobs in this experiment yet.", "middle"));
            return svg;
        }
        svg.Add(Legend((width - LegendWidth()) / 2));
        for (var i = 0; i < methods.Count; i++)
            svg.Add(Panel(methods[i], table.Rows.Where(r => r.Method == methods[i] && r.State == CellState.Done).OrderBy(r => r.BlockSize).ToList(),
                blockSizes, panelsLeft + i * PanelWidth, LegendHeight));
        return svg;
    }

    private static XElement Panel(string method, IReadOnlyList<AccessControlRow> rows, IReadOnlyList<int> blockSizes, double x0, double y0)
    {
        var x = Scale.Log2(blockSizes, PlotLeft, PlotRight);
        var y = new Scale(0, 1, PlotBottom, PlotTop);
        var panel = new XElement(Svg + "g", new XAttribute("class", "panel"), new XAttribute("data-method", method),
            new XAttribute("transform", $"translate({F(x0)},{F(y0)})"),
            Text((PlotLeft + PlotRight) / 2, 18, MethodRegistry.Display(method), "middle", weight: "bold", size: 15),
            new XElement(Svg + "rect", new XAttribute("class", "frame"), new XAttribute("x", F(PlotLeft)), new XAttribute("y", F(PlotTop)),
                new XAttribute("width", F(PlotRight - PlotLeft)), new XAttribute("height", F(PlotBottom - PlotTop)),
                new XAttribute("fill", "none"), new XAttribute("stroke", "#999")));
        for (var tick = 0; tick <= 5; tick++)
        {
            var v = tick / 5.0;
            panel.Add(Line(PlotLeft, y.Map(v), PlotRight, y.Map(v), "#e3e3e3"),
                Text(PlotLeft - 7, y.Map(v) + 4, v.ToString("0.0", CultureInfo.InvariantCulture), "end", size: 12));
        }
        foreach (var m in blockSizes)
            panel.Add(Line(x.Map(Math.Log2(m)), PlotTop, x.Map(Math.Log2(m)), PlotBottom, "#eeeeee"),
                Line(x.Map(Math.Log2(m)), PlotBottom, x.Map(Math.Log2(m)), PlotBottom + 5, "#999"),
                Text(x.Map(Math.Log2(m)), PlotBottom + 19, m.ToString(CultureInfo.InvariantCulture), "middle", size: 12));
        var yLabel = Text(0, 0, "mean IoU", "middle");
        yLabel.Add(new XAttribute("transform", $"translate(18,{F((PlotTop + PlotBottom) / 2)}) rotate(-90)"));
        panel.Add(Text((PlotLeft + PlotRight) / 2, PlotBottom + 40, "block size M (log₂ scale)", "middle"), yLabel);
        foreach (var series in AllSeries) panel.Add(SeriesGroup(series, method, rows, x, y));
        return panel;
    }

    private static XElement SeriesGroup(Series series, string method, IReadOnlyList<AccessControlRow> rows, Scale x, Scale y)
    {
        var points = rows.Where(r => series.Value(r) is not null)
            .Select(r => (Row: r, X: x.Map(Math.Log2(r.BlockSize)), Y: y.Map(series.Value(r)!.Value))).ToList();
        var group = new XElement(Svg + "g", new XAttribute("class", $"series {series.Name}"), new XAttribute("data-series", series.Name));
        if (series.Name == "incorrect" && points.Count > 0)
        {
            // The band: along the maxima left to right, back along the minima; its outline shows a lone point's range.
            var outline = points.Select(p => (p.X, Y: y.Map(p.Row.Incorrect!.Max)))
                .Concat(points.AsEnumerable().Reverse().Select(p => (p.X, Y: y.Map(p.Row.Incorrect!.Min))));
            group.Add(new XElement(Svg + "path", new XAttribute("class", "band"),
                new XAttribute("d", "M" + string.Join(" L", outline.Select(p => $"{F(p.X)},{F(p.Y)}")) + " Z"),
                new XAttribute("fill", series.Colour), new XAttribute("fill-opacity", "0.15"),
                new XAttribute("stroke", series.Colour), new XAttribute("stroke-opacity", "0.35")));
        }
        group.Add(new XElement(Svg + "polyline", new XAttribute("class", "line"),
            new XAttribute("points", string.Join(" ", points.Select(p => $"{F(p.X)},{F(p.Y)}"))),
            new XAttribute("fill", "none"), new XAttribute("stroke", series.Colour), new XAttribute("stroke-width", "2")));
        foreach (var p in points)
        {
            var value = Numbers.Value(series.Value(p.Row)!.Value);
            var marker = MarkerAt(series.Marker, p.X, p.Y, series.Colour);
            marker.Add(new XAttribute("class", "point"), new XAttribute("data-block-size", p.Row.BlockSize), new XAttribute("data-value", value),
                new XElement(Svg + "title", $"{MethodRegistry.Display(method)}, M = {p.Row.BlockSize}, {series.Label}: {value}"));
            group.Add(marker);
        }
        return group;
    }

    private const string BandLabel = "incorrect keys (min–max)";

    // Text is measured generously (7.5 px a character at 13 px) since the reader's font is not known here.
    private static double LabelWidth(string label) => 32 + label.Length * 7.5 + 18;

    private static double LegendWidth() => AllSeries.Sum(s => LabelWidth(s.Label)) + LabelWidth(BandLabel);

    private static XElement Legend(double x0)
    {
        var legend = new XElement(Svg + "g", new XAttribute("class", "legend"), new XAttribute("transform", $"translate({F(x0)},14)"));
        var at = 0.0;
        foreach (var series in AllSeries.Reverse())
        {
            legend.Add(Line(at, 8, at + 26, 8, series.Colour, 2), MarkerAt(series.Marker, at + 13, 8, series.Colour), Text(at + 32, 12, series.Label, "start"));
            at += LabelWidth(series.Label);
        }
        var band = AllSeries[0];
        legend.Add(new XElement(Svg + "rect", new XAttribute("x", F(at)), new XAttribute("y", "1"), new XAttribute("width", "26"), new XAttribute("height", "14"),
                new XAttribute("fill", band.Colour), new XAttribute("fill-opacity", "0.15"), new XAttribute("stroke", band.Colour), new XAttribute("stroke-opacity", "0.35")),
            Text(at + 32, 12, BandLabel, "start"));
        return legend;
    }

    private static XElement MarkerAt(Marker marker, double x, double y, string colour)
    {
        var shape = marker switch
        {
            Marker.Circle => new XElement(Svg + "circle", new XAttribute("cx", F(x)), new XAttribute("cy", F(y)), new XAttribute("r", "4.5")),
            Marker.Square => new XElement(Svg + "rect", new XAttribute("x", F(x - 4)), new XAttribute("y", F(y - 4)), new XAttribute("width", "8"), new XAttribute("height", "8")),
            _ => new XElement(Svg + "path", new XAttribute("d", $"M{F(x)},{F(y - 5.5)} L{F(x + 5)},{F(y + 4)} L{F(x - 5)},{F(y + 4)} Z")),
        };
        shape.Add(new XAttribute("fill", colour), new XAttribute("stroke", "#fff"), new XAttribute("stroke-width", "1"));
        return shape;
    }

    private static XElement Line(double x1, double y1, double x2, double y2, string colour, double width = 1) =>
        new(Svg + "line", new XAttribute("x1", F(x1)), new XAttribute("y1", F(y1)), new XAttribute("x2", F(x2)), new XAttribute("y2", F(y2)),
            new XAttribute("stroke", colour), new XAttribute("stroke-width", F(width)));

    private static XElement Text(double x, double y, string text, string anchor, string? weight = null, double size = 13)
    {
        var element = new XElement(Svg + "text", new XAttribute("x", F(x)), new XAttribute("y", F(y)),
            new XAttribute("text-anchor", anchor), new XAttribute("font-size", F(size)), text);
        if (weight is not null) element.Add(new XAttribute("font-weight", weight));
        return element;
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
