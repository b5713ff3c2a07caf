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
    /// <param name="skipped">Told of jobs the tables leave out (<see cref="ResultsFolder.Notes"/>), and why each image figure the
    /// results do not allow (yet) was not made, e.g. no weights.</param>
    /// <exception cref="ResultsFolderException">The folder is missing or unreadable, or a file cannot be written.</exception>
    public static IReadOnlyList<string> Write(string resultsFolder, Action<string>? skipped = null)
    {
        var folder = ResultsFolder.Load(resultsFolder);
        foreach (var note in folder.Notes) skipped?.Invoke(note);
        var grid = folder.Grid;
        var tables = ReportTables.From(folder);
        var charts = new List<(string SvgFile, string PngFile, ChartFigure Chart)>
        {
            (Fig6Chart.SvgFile, Fig6Chart.PngFile, Fig6Chart.Build(tables.Access, grid.Methods, grid.BlockSizes, grid.OnVoc)),
        };
        if (TrainingCurvesChart.Build(folder) is { } curves) charts.Add((TrainingCurvesChart.SvgFile, TrainingCurvesChart.PngFile, curves));
        if (tables.FineTuning is { } ft && FineTuningChart.Build(ft) is { } fineTuning)
            charts.Add((FineTuningChart.SvgFile, FineTuningChart.PngFile, fineTuning));
        if (tables.KeyEstimation is { } ke && KeyEstimationChart.Build(ke) is { } keyEstimation)
            charts.Add((KeyEstimationChart.SvgFile, KeyEstimationChart.PngFile, keyEstimation));
        var svgs = charts.ToDictionary(c => c.SvgFile, c => c.Chart.Svg());
        var images = ImageFigures.Build(folder);
        foreach (var figure in images.Where(f => !f.Made))
            skipped?.Invoke(File.Exists(Path(folder, figure.File)) ? $"{figure.Note} The earlier {figure.File} is kept." : figure.Note);
        try
        {
            var files = new List<(string Name, string Text)>
            {
                ("table1.csv", Table1Csv.Write(tables.Table1)),
                ("table1.md", Table1Markdown.Write(tables.Table1)),
                ("access_control.csv", AccessControlCsv.Write(tables.Access)),
                ("access_control.md", AccessControlMarkdown.Write(tables.Access)),
                ("keyspace.csv", KeySpaceCsv.Write(tables.KeySpaces)),
                ("keyspace.md", KeySpaceMarkdown.Write(tables.KeySpaces)),
            };
            // Only an experiment with attacks has attack files.
            if (tables.FineTuning is { } fineTuningTable)
                files.AddRange([("attacks_fine_tuning.csv", FineTuningCsv.Write(fineTuningTable)), ("attacks_fine_tuning.md", FineTuningMarkdown.Write(fineTuningTable))]);
            if (tables.KeyEstimation is { } keyEstimationTable)
                files.AddRange([("attacks_key_estimation.csv", KeyEstimationCsv.Write(keyEstimationTable)), ("attacks_key_estimation.md", KeyEstimationMarkdown.Write(keyEstimationTable))]);
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
            AtomicFile.WriteAllText(html, ReportHtml.Write(folder, tables, svgs, images));
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
