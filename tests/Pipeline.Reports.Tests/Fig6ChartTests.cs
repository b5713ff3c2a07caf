using System.Xml.Linq;
using Pipeline.Method.Imaging;
using Pipeline.Reports.Charts;
using Pipeline.Reports.Results;
using Pipeline.Reports.Tables;
using ScottPlot;
using ScottPlot.Plottables;

namespace Pipeline.Reports.Tests;

public sealed class Fig6ChartTests : IClassFixture<ReportedResults>
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly ResultsFixture results;
    private readonly ChartFigure chart;

    public Fig6ChartTests(ReportedResults report)
    {
        results = report.Results;
        var grid = new ResultsGrid(ResultsFolder.Load(results.Path).Jobs);
        chart = Fig6Chart.Build(AccessControl.From(grid), grid.Methods, grid.BlockSizes, withPaper: true);
    }

    [Fact]
    public void Has_one_panel_per_method_in_the_papers_order_with_the_shared_legend()
    {
        Assert.Equal(["SHF", "NP"], chart.Panels.Select(p => p.Axes.Title.Label.Text));
        Assert.Equal([Fig6Chart.Correct, Fig6Chart.Plain, Fig6Chart.Incorrect, Fig6Chart.IncorrectRange, Fig6Chart.Paper],
            chart.LegendItems.Select(i => i.LabelText));
        foreach (var panel in chart.Panels)
        {
            Assert.Equal(Fig6Chart.XLabel, panel.Axes.Bottom.Label.Text);
            Assert.Equal(Fig6Chart.YLabel, panel.Axes.Left.Label.Text);
        }
    }

    [Theory]
    [InlineData(0, Fig6Chart.Correct, new[] { 2, 4 }, new[] { 0.66, 0.60 })]
    [InlineData(0, Fig6Chart.Plain, new[] { 2, 4 }, new[] { 0.06, 0.10 })]
    [InlineData(0, Fig6Chart.Incorrect, new[] { 2, 4 }, new[] { 0.05, 0.15 })]
    [InlineData(1, Fig6Chart.Correct, new[] { 2 }, new[] { 0.6216 })]
    [InlineData(1, Fig6Chart.Plain, new[] { 2 }, new[] { 0.30 })]
    [InlineData(1, Fig6Chart.Incorrect, new[] { 2 }, new[] { 0.25 })]
    public void Each_series_has_a_point_per_finished_block_size_on_a_log2_axis(int panel, string series, int[] blockSizes, double[] values)
    {
        var points = Points(chart.Panels[panel], series);
        Assert.Equal(blockSizes.Select(m => Math.Log2(m)), points.Select(p => p.X));
        Assert.Equal(values, points.Select(p => Math.Round(p.Y, 4)));
    }

    [Fact]
    public void The_incorrect_keys_band_spans_their_minimum_to_maximum()
    {
        var band = chart.Panels[0].GetPlottables<FillY>().Single();
        Assert.Equal(Fig6Chart.IncorrectRange, band.LegendText);
        // SHF M = 2 pools two keys (min 0.02, max 0.09); M = 4 has one (0.10 to 0.20).
        var limits = band.GetAxisLimits();
        Assert.Equal((1, 2), (limits.Left, limits.Right));
        Assert.Equal((0.02, 0.20), (Math.Round(limits.Bottom, 4), Math.Round(limits.Top, 4)));
    }

    [Fact]
    public void The_papers_correct_key_values_are_drawn_at_the_grids_block_sizes()
    {
        var paper = Points(chart.Panels[0], Fig6Chart.Paper);
        Assert.Equal(new[] { 1.0, 2, 3 }, paper.Select(p => p.X));
        Assert.Equal(new[] { 2, 4, 8 }.Select(m => PaperTable1.Value("shf", m)!.Value), paper.Select(p => p.Y));
    }

    [Fact]
    public void Both_axes_are_shared_and_ticked_at_the_block_sizes()
    {
        chart.Svg(); // ticks are generated when the chart is drawn
        foreach (var panel in chart.Panels)
        {
            var ticks = panel.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).ToList();
            Assert.Equal(new[] { 1.0, 2, 3 }, ticks.Select(t => t.Position));
            Assert.Equal(["2", "4", "8"], ticks.Select(t => t.Label));
            var limits = panel.Axes.GetLimits();
            Assert.Equal((0.6, 3.4, 0.0, 1.0), (Math.Round(limits.Left, 6), Math.Round(limits.Right, 6), limits.Bottom, limits.Top));
        }
    }

    [Fact]
    public void The_svg_file_scales_and_holds_the_titles_ticks_labels_and_series_names_as_text()
    {
        var svg = XDocument.Parse(results.Read(Fig6Chart.SvgFile)).Root!;
        Assert.Equal(Svg + "svg", svg.Name);
        Assert.Equal($"0 0 {chart.Width} {chart.Height}", svg.Attribute("viewBox")!.Value);
        Assert.StartsWith("Fig. 6", svg.Element(Svg + "title")!.Value);
        var texts = svg.Descendants(Svg + "text").Select(t => t.Value.Trim()).ToList();
        foreach (var expected in new[] { "SHF", "NP", Fig6Chart.XLabel, Fig6Chart.YLabel, "2", "4", "8", "0.0", "0.2", "1.0",
                     Fig6Chart.Correct, Fig6Chart.Plain, Fig6Chart.Incorrect, Fig6Chart.IncorrectRange, Fig6Chart.Paper })
            Assert.Contains(expected, texts);
        Assert.All(svg.Descendants(Svg + "text"), t => Assert.Equal("DejaVu Sans", t.Attribute("font-family")?.Value));
    }

    [Fact]
    public void The_png_beside_it_is_the_same_figure_at_twice_the_size()
    {
        var png = Png.ReadRgb(System.IO.Path.Combine(results.Path, Fig6Chart.PngFile));
        Assert.Equal((chart.Height * ChartFigure.PngScale, chart.Width * ChartFigure.PngScale), (png.Height, png.Width));
        // Not blank: the correct key's blue is drawn.
        Assert.Contains(Enumerable.Range(0, png.Height * png.Width), i => (png.Pixels[3 * i], png.Pixels[3 * i + 1], png.Pixels[3 * i + 2]) == (0x00, 0x72, 0xB2));
    }

    [Fact]
    public void An_experiment_without_protected_jobs_gets_one_panel_that_says_so()
    {
        var empty = Fig6Chart.Build(new AccessControl([]), [], [], withPaper: true);
        Assert.Single(empty.Panels);
        Assert.Contains("no protected jobs", empty.Panels[0].Axes.Title.Label.Text);
        Assert.Contains("no protected jobs", empty.Svg());
    }

    private static Coordinates[] Points(Plot panel, string series) =>
        panel.GetPlottables<Scatter>().Single(s => s.LegendText == series).Data.GetScatterPoints().ToArray();
}
