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
        var fig6 = Fig6Svg.Build(access, grid.Methods, grid.BlockSizes);
        var images = ImageFigures.Build(folder);
        try
        {
            // Fig. 4 and 5 first: report.html embeds them.
            var figures = ImageFigures.Write(folder, images);
            var files = new (string Name, string Text)[]
            {
                ("table1.csv", Table1Csv.Write(table1)),
                ("table1.md", Table1Markdown.Write(table1)),
                ("access_control.csv", AccessControlCsv.Write(access)),
                ("access_control.md", AccessControlMarkdown.Write(access)),
                ("fig6.svg", Fig6Svg.FileText(fig6)),
            };
            foreach (var (name, text) in files) AtomicFile.WriteAllText(System.IO.Path.Combine(folder.Path, name), text);
            var html = System.IO.Path.Combine(folder.Path, "report.html");
            AtomicFile.WriteAllText(html, ReportHtml.Write(folder, table1, access, fig6.ToString(), images));
            return files.Select(f => System.IO.Path.Combine(folder.Path, f.Name)).Concat(figures).Append(html).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ResultsFolderException($"cannot make the report in '{resultsFolder}': {e.Message}", e);
        }
    }
}
