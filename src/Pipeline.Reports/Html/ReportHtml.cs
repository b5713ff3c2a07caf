using Pipeline.Orchestration.Jobs;
using Pipeline.Method.Transforms;
using System.Text;
using Pipeline.Reports.Charts;
using Pipeline.Reports.Figures;
using Pipeline.Reports.Results;
using Pipeline.Reports.Tables;
using static Pipeline.Reports.Html.Html;

namespace Pipeline.Reports.Html;

/// <summary>
/// report.html: one self-contained page (inline CSS, inline SVG, PNGs as data: URIs, no script) that opens
/// offline, with the tables, the figures, the training curves, the jobs and the run's provenance.
/// </summary>
public static class ReportHtml
{
    /// <summary>Figures made by other components; shown when the results folder has them.</summary>
    private static readonly (string File, string Title, string Note)[] PngFigures =
    [
        ("fig4.png", "Fig. 4 · a test image transformed by each method and block size", "Rows: methods; columns: block sizes."),
        ("fig5.png", "Fig. 5 · segmentation examples", "Input as the model sees it, prediction and ground truth, with per-image mean IoU."),
    ];

    /// <param name="fig6Svg">Fig. 6 as its .svg file's text.</param>
    /// <param name="curvesSvg">The training curves as their .svg file's text, or null before any job has a training history.</param>
    /// <param name="images">Fig. 4 and 5 as made for this report: a made figure's note is its caption; a skipped
    /// figure without an earlier file is shown as its note alone.</param>
    public static string Write(ResultsFolder folder, Table1 table1, AccessControl access, string fig6Svg, string? curvesSvg = null,
        IReadOnlyList<FigureOutcome>? images = null)
    {
        var outcomes = (images ?? []).ToDictionary(f => f.File);
        var figures = PngFigures
            .Select(f => (f.File, f.Title, Note: outcomes.TryGetValue(f.File, out var o) && o.Made ? o.Note : f.Note,
                          Exists: File.Exists(Path.Combine(folder.Path, f.File)), Skipped: outcomes.GetValueOrDefault(f.File)?.Note))
            .Where(f => f.Exists || f.Skipped is not null).ToList();
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append($"<title>{Encode(folder.Name)} · key-protected segmentation report</title>\n");
        html.Append($"<style>\n{ReportStyle.Css}</style>\n</head>\n<body>\n<main>\n");
        html.Append(Header(folder, figures.Select(f => f.File)));
        html.Append(Section("table1", "Table 1 · mean IoU with the correct key",
            "Ours beside the paper's (Ito, AprilPyone and Kiya, 2021); Δ = ours − paper. Where a cell has several keys, ours is their mean and n says how many.",
            TablesHtml.Table1(table1)));
        html.Append(Section("fig6", "Fig. 6 · access control",
            "Mean IoU against block size: with the correct key, with plain images and with incorrect keys (mean, shaded between min and max).",
            $"<figure>{ChartSvg.Inline(fig6Svg, "fig6-")}</figure>"));
        html.Append(Section("access", "Access control table",
            "Per method and block size, averaged over the cell's keys; incorrect keys pooled over all keys evaluated.",
            TablesHtml.AccessControl(access)));
        foreach (var (file, title, note, exists, skipped) in figures)
            html.Append(exists
                ? Section(Path.GetFileNameWithoutExtension(file), title, note,
                    $"<figure><img src=\"data:image/png;base64,{Convert.ToBase64String(File.ReadAllBytes(Path.Combine(folder.Path, file)))}\" alt=\"{Encode(title)}\"></figure>")
                : Section(Path.GetFileNameWithoutExtension(file), title, skipped!, ""));
        html.Append(curvesSvg is null
            ? Section("curves", CurvesTitle, "The training curves appear once a job has finished with its training history in metrics.json.", "")
            : Section("curves", CurvesTitle,
                "Cross-entropy per epoch from each finished job's metrics.json: validation loss solid, training loss dashed; one panel per method, "
                + "a colour per block size, the baseline in grey in every panel. Each job keeps the weights of its lowest validation loss.",
                $"<figure>{ChartSvg.Inline(curvesSvg, "curves-")}</figure>"));
        html.Append(Section("jobs", "Jobs", "", JobsHtml.Table(Ordered(folder.Jobs))));
        html.Append(Section("provenance", "Provenance", "Keys appear only as fingerprints; seeds are never part of a report.", ProvenanceHtml.List(folder)));
        html.Append("<footer>Written by <code>pipeline report</code> from the results folder alone; run it again to refresh.</footer>\n");
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private const string CurvesTitle = "Training curves · loss per epoch";

    private static string Header(ResultsFolder folder, IEnumerable<string> figureFiles)
    {
        var counts = folder.Jobs.GroupBy(j => j.State).ToDictionary(g => g.Key, g => g.Count());
        var stats = new List<(int, string)> { (folder.Jobs.Count, "jobs") };
        stats.AddRange(new[] { JobState.Finished, JobState.Running, JobState.Pending, JobState.Failed }
            .Select(s => (counts.GetValueOrDefault(s), s.ToString().ToLowerInvariant())));
        var links = new List<(string, string)> { ("table1", "Table 1"), ("fig6", "Fig. 6"), ("access", "Access control") };
        links.AddRange(figureFiles.Select(f => (Path.GetFileNameWithoutExtension(f), "Fig. " + f[3])));
        links.AddRange([("curves", "Training curves"), ("jobs", "Jobs"), ("provenance", "Provenance")]);
        return "<header><p class=\"eyebrow\">Experiment report</p>"
            + $"<h1>{Encode(folder.Name)}</h1>"
            + "<p class=\"lede\">Segmentation models protected by block-wise image transformation with a secret key (SHF, NP, FFX), "
            + "reproducing Ito, AprilPyone and Kiya (2021): Table 1 and the access-control experiment of Fig.&nbsp;6.</p>"
            + "<ul class=\"stats\">" + string.Concat(stats.Select(s => $"<li><span class=\"num\">{s.Item1}</span><span class=\"label\">{s.Item2}</span></li>")) + "</ul>"
            + "</header>\n<nav>" + string.Concat(links.Select(l => $"<a href=\"#{l.Item1}\">{Encode(l.Item2)}</a>")) + "</nav>\n";
    }

    // Baseline first, then the paper's method order, block size and key, so the table reads like Table 1.
    private static IEnumerable<JobEntry> Ordered(IReadOnlyList<JobEntry> jobs)
    {
        var order = MethodRegistry.Order(jobs.Select(j => j.Method).OfType<string>()).ToList();
        return jobs.OrderBy(j => j.Method == MethodRegistry.Baseline ? -1 : j.Method is null ? int.MaxValue : order.IndexOf(j.Method))
            .ThenBy(j => j.BlockSize ?? 0).ThenBy(j => j.KeyFingerprint, StringComparer.Ordinal).ThenBy(j => j.Id, StringComparer.Ordinal);
    }
}
