using System.Xml.Linq;
using Pipeline.Method.Imaging;
using Pipeline.Reports.Charts;
using Pipeline.Reports.Results;
using ScottPlot;
using ScottPlot.Plottables;

namespace Pipeline.Reports.Tests;

public sealed class TrainingCurvesChartTests : IDisposable
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly ResultsFixture results = new();
    private readonly ChartFigure chart;

    public TrainingCurvesChartTests()
    {
        Report.Write(results.Path);
        chart = TrainingCurvesChart.Build(ResultsFolder.Load(results.Path))!;
    }

    public void Dispose() => results.Dispose();

    [Fact]
    public void Has_a_panel_per_method_and_a_legend_of_block_sizes_baseline_and_line_styles()
    {
        Assert.Equal(["SHF", "NP"], chart.Panels.Select(p => p.Axes.Title.Label.Text));
        Assert.Equal(["M = 2", "M = 4", TrainingCurvesChart.Baseline, TrainingCurvesChart.Validation, TrainingCurvesChart.Train],
            chart.LegendItems.Select(i => i.LabelText));
        Assert.Equal(LinePattern.Dashed, chart.LegendItems.Single(i => i.LabelText == TrainingCurvesChart.Train).LinePattern);
    }

    [Theory]
    [InlineData(0, new[] { "base01", "shf2a", "shf2b", "shf4a" })]
    [InlineData(1, new[] { "base01", "np2a" })]
    public void Every_finished_job_of_the_method_and_the_baseline_has_its_training_and_validation_loss_per_epoch(int panel, string[] jobs)
    {
        var lines = chart.Panels[panel].GetPlottables<Scatter>().ToList();
        Assert.Equal(jobs.Length * 2, lines.Count);
        foreach (var name in jobs)
        {
            var history = ResultsFixture.Histories[name];
            var epochs = Enumerable.Range(1, history.Length).Select(e => (double)e);
            var validation = lines.Single(l => l.LegendText.EndsWith($"{TrainingCurvesChart.Validation}, job {results.Id(name)}"));
            var train = lines.Single(l => l.LegendText.EndsWith($"{TrainingCurvesChart.Train}, job {results.Id(name)}"));
            Assert.Equal(epochs.Zip(history.Select(h => h.Validation)), validation.Data.GetScatterPoints().Select(p => (p.X, p.Y)));
            Assert.Equal(epochs.Zip(history.Select(h => h.Train)), train.Data.GetScatterPoints().Select(p => (p.X, p.Y)));
            Assert.Equal(LinePattern.Dashed, train.LinePattern);
            Assert.Equal(LinePattern.Solid, validation.LinePattern);
            Assert.Equal(validation.LineColor, train.LineColor);
        }
        // One colour per block size; the baseline is grey and the same in every panel.
        var colour = (string name) => lines.First(l => l.LegendText.EndsWith($"job {results.Id(name)}")).LineColor;
        Assert.NotEqual(colour("base01"), colour(jobs[1]));
        if (panel == 0)
        {
            Assert.Equal(colour("shf2a"), colour("shf2b"));
            Assert.NotEqual(colour("shf2a"), colour("shf4a"));
        }
    }

    [Fact]
    public void Panels_share_the_epochs_tick_every_one_and_fit_the_loss_axis_to_their_own_curves()
    {
        chart.Svg(); // ticks are generated when the chart is drawn
        foreach (var (panel, top) in chart.Panels.Zip(new[] { 1.40, 1.30 }))
        {
            Assert.Equal(TrainingCurvesChart.XLabel, panel.Axes.Bottom.Label.Text);
            Assert.Equal(TrainingCurvesChart.YLabel, panel.Axes.Left.Label.Text);
            Assert.Equal(["1", "2", "3"], panel.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label));
            var limits = panel.Axes.GetLimits();
            Assert.Equal((0.0, Math.Round(top * 1.08, 6)), (limits.Bottom, Math.Round(limits.Top, 6)));
            Assert.Equal((limits.Left, limits.Right), (chart.Panels[0].Axes.GetLimits().Left, chart.Panels[0].Axes.GetLimits().Right));
        }
    }

    [Fact]
    public void The_report_writes_it_as_svg_with_text_and_as_png_at_twice_the_size()
    {
        var svg = XDocument.Parse(results.Read(TrainingCurvesChart.SvgFile)).Root!;
        var texts = svg.Descendants(Svg + "text").Select(t => t.Value.Trim()).ToList();
        foreach (var expected in new[] { "SHF", "NP", "M = 2", "M = 4", TrainingCurvesChart.Baseline, TrainingCurvesChart.Train, TrainingCurvesChart.Validation,
                     TrainingCurvesChart.XLabel, TrainingCurvesChart.YLabel, "1", "2", "3" })
            Assert.Contains(expected, texts);
        var png = Png.ReadRgb(System.IO.Path.Combine(results.Path, TrainingCurvesChart.PngFile));
        Assert.Equal((chart.Height * ChartFigure.PngScale, chart.Width * ChartFigure.PngScale), (png.Height, png.Width));
    }

    [Fact]
    public void Without_a_training_history_there_is_no_chart()
    {
        var root = Directory.CreateTempSubdirectory("pipeline-curves-").FullName;
        try
        {
            var folder = System.IO.Path.Combine(root, "empty");
            Directory.CreateDirectory(System.IO.Path.Combine(folder, "jobs"));
            Assert.Null(TrainingCurvesChart.Build(ResultsFolder.Load(folder)));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
