using System.Xml.Linq;

namespace Pipeline.Reports.Tests;

public sealed class Fig6SvgTests : IDisposable
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly ResultsFixture results = new();
    private readonly XDocument svg;

    public Fig6SvgTests()
    {
        Report.Write(results.Path);
        svg = XDocument.Parse(results.Read("fig6.svg"));
    }

    public void Dispose() => results.Dispose();

    [Fact]
    public void Is_an_svg_with_a_view_box_and_one_panel_per_method_in_the_papers_order()
    {
        Assert.Equal(Svg + "svg", svg.Root!.Name);
        Assert.Matches(@"^0 0 \d+(\.\d+)? \d+(\.\d+)?$", svg.Root.Attribute("viewBox")!.Value);
        Assert.Equal(["shf", "np"], Panels().Select(p => p.Attribute("data-method")!.Value));
    }

    [Theory]
    [InlineData("shf", "correct", new[] { 2, 4 })]
    [InlineData("shf", "plain", new[] { 2, 4 })]
    [InlineData("shf", "incorrect", new[] { 2, 4 })]
    [InlineData("np", "correct", new[] { 2 })]
    [InlineData("np", "plain", new[] { 2 })]
    [InlineData("np", "incorrect", new[] { 2 })]
    public void Each_panel_has_a_point_per_finished_block_size_in_every_series(string method, string series, int[] blockSizes)
    {
        var group = Series(method, series);
        Assert.Equal("series " + series, group.Attribute("class")!.Value);
        Assert.Equal(blockSizes, Points(group).Select(p => (int)p.Attribute("data-block-size")!));
        Assert.Equal(blockSizes.Length, group.Element(Svg + "polyline")!.Attribute("points")!.Value.Split(' ').Length);
    }

    [Fact]
    public void Points_carry_their_values_and_the_incorrect_keys_have_a_min_max_band()
    {
        Assert.Equal(["0.6600", "0.6000"], Points(Series("shf", "correct")).Select(p => p.Attribute("data-value")!.Value));
        Assert.Equal(["0.0500", "0.1500"], Points(Series("shf", "incorrect")).Select(p => p.Attribute("data-value")!.Value));
        var band = Series("shf", "incorrect").Elements(Svg + "path").Single(e => e.Attribute("class")?.Value == "band");
        Assert.Equal(4, band.Attribute("d")!.Value.Split('L').Length); // max at M = 2, 4, then min at M = 4, 2
    }

    [Fact]
    public void Axes_have_a_tick_per_block_size_labels_and_a_legend()
    {
        var texts = Panels().First().Elements(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("SHF", texts);
        Assert.Contains("block size M (log₂ scale)", texts);
        Assert.Contains("mean IoU", texts);
        foreach (var label in new[] { "2", "4", "8", "0.0", "0.2", "1.0" }) Assert.Contains(label, texts);
        var legend = svg.Root!.Elements(Svg + "g").Single(g => g.Attribute("class")?.Value == "legend").Elements(Svg + "text").Select(t => t.Value);
        Assert.Equal(["correct key", "plain images", "incorrect keys (mean)", "incorrect keys (min–max)"], legend);
    }

    [Fact]
    public void Block_sizes_are_spaced_on_a_log2_axis()
    {
        var x = Points(Series("shf", "correct")).Select(p => (double)p.Attribute("cx")!).ToList();
        var xNp = (double)Points(Series("np", "correct")).Single().Attribute("cx")!;
        Assert.Equal(x[0], xNp, 6); // panels share the axis: M = 2 sits at the same place in each panel
        var tickX = Panels().First().Elements(Svg + "line").Where(l => (double)l.Attribute("y2")! - (double)l.Attribute("y1")! == 5)
            .Select(l => (double)l.Attribute("x1")!).ToList();
        Assert.Equal(3, tickX.Count);
        Assert.Equal(tickX[1] - tickX[0], tickX[2] - tickX[1], 6);
    }

    private IEnumerable<XElement> Panels() => svg.Root!.Elements(Svg + "g").Where(g => g.Attribute("class")?.Value == "panel");

    private XElement Series(string method, string series) =>
        Panels().Single(p => p.Attribute("data-method")!.Value == method).Elements(Svg + "g").Single(g => g.Attribute("data-series")?.Value == series);

    private static IEnumerable<XElement> Points(XElement series) => series.Elements().Where(e => e.Attribute("class")?.Value == "point");
}
