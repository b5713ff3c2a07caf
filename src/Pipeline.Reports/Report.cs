using Pipeline.TorchExtensions;
using Pipeline.Reports.Charts;
using Pipeline.Reports.Figures;
using Pipeline.Reports.Html;
using Pipeline.Reports.Results;
using Pipeline.Reports.Tables;

namespace Pipeline.Reports;

/// <summary>
/// Builds every report file from a results folder alone and writes it into that folder, each file
/// atomically, so a report can be made at any time, also from a partial run.
/// </summary>
public static class Report
{
    /// <summary>Writes the report files and returns their paths.</summary>
    /// <exception cref="ResultsFolderException">The folder is missing or unreadable, or a file cannot be written.</exception>
    public static IReadOnlyList<string> Write(string resultsFolder)
    {
        var folder = ResultsFolder.Load(resultsFolder);
        var grid = new ResultsGrid(folder.Jobs);
        var table1 = Table1.From(grid);
        var access = AccessControl.From(grid);
        var charts = new List<(string SvgFile, string PngFile, ChartFigure Chart)>
        {
            (Fig6Chart.SvgFile, Fig6Chart.PngFile, Fig6Chart.Build(access, grid.Methods, grid.BlockSizes)),
        };
        if (TrainingCurvesChart.Build(folder) is { } curves) charts.Add((TrainingCurvesChart.SvgFile, TrainingCurvesChart.PngFile, curves));
        var svgs = charts.ToDictionary(c => c.SvgFile, c => c.Chart.Svg());
        var images = ImageFigures.Build(folder);
        try
        {
            var files = new (string Name, string Text)[]
            {
                ("table1.csv", Table1Csv.Write(table1)),
                ("table1.md", Table1Markdown.Write(table1)),
                ("access_control.csv", AccessControlCsv.Write(access)),
                ("access_control.md", AccessControlMarkdown.Write(access)),
            };
            foreach (var (name, text) in files) AtomicFile.WriteAllText(Path(folder, name), text);
            var written = files.Select(f => Path(folder, f.Name)).ToList();
            foreach (var (svgFile, pngFile, chart) in charts)
            {
                AtomicFile.WriteAllText(Path(folder, svgFile), svgs[svgFile]);
                AtomicFile.WriteAllBytes(Path(folder, pngFile), chart.Png());
                written.AddRange([Path(folder, svgFile), Path(folder, pngFile)]);
            }
            // Fig. 4 and 5 before the page: report.html embeds them.
            written.AddRange(ImageFigures.Write(folder, images));
            var html = Path(folder, "report.html");
            AtomicFile.WriteAllText(html, ReportHtml.Write(folder, table1, access, svgs[Fig6Chart.SvgFile],
                svgs.GetValueOrDefault(TrainingCurvesChart.SvgFile), images));
            written.Add(html);
            return written;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ResultsFolderException($"cannot make the report in '{resultsFolder}': {e.Message}", e);
        }
    }

    private static string Path(ResultsFolder folder, string file) => System.IO.Path.Combine(folder.Path, file);
}
