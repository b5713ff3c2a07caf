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
        (Fig4Png.File, "Fig. 4 · a test image transformed by each method and block size", "Rows: methods; columns: block sizes."),
        (Fig5Png.File, "Fig. 5 · segmentation examples", "Input as the model sees it, prediction and ground truth, with per-image mean IoU."),
    ];

    /// <param name="charts">Each chart made for this report, by its .svg file's name, as that file's text: Fig. 6 always,
    /// the others once they have something to show.</param>
    /// <param name="images">Fig. 4 and 5 as made for this report: a made figure's note is its caption; a skipped
    /// figure without an earlier file is shown as its note alone.</param>
    public static string Write(ResultsFolder folder, ReportTables tables, IReadOnlyDictionary<string, string> charts, IReadOnlyList<FigureOutcome>? images = null)
    {
        var outcomes = (images ?? []).ToDictionary(f => f.File);
        var figures = PngFigures
            .Select(f => (f.File, f.Title, Note: outcomes.TryGetValue(f.File, out var o) && o.Made ? o.Note : f.Note,
                          Exists: File.Exists(Path.Combine(folder.Path, f.File)), Skipped: outcomes.GetValueOrDefault(f.File)?.Note))
            .Where(f => f.Exists || f.Skipped is not null).ToList();
        var unblocked = tables.Table1.WithoutBlockSize;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append($"<title>{Encode(folder.Name)} · key-protected segmentation report</title>\n");
        html.Append($"<style>\n{ReportStyle.Css}</style>\n</head>\n<body>\n<main>\n");
        html.Append(Header(folder, tables, figures.Select(f => f.File)));
        html.Append(Section("table1", "Table 1 · mean IoU with the correct key",
            Table1Markdown.Note(tables.Table1) + (unblocked.Count > 0 ? " " + Table1Markdown.NoBlockSize(tables.Table1) : ""),
            TablesHtml.Table1(tables.Table1)));
        html.Append(Section("fig6", "Fig. 6 · access control",
            "Mean IoU against block size: with the correct key, with plain images and with incorrect keys (mean, shaded between min and max)."
            + (unblocked.Count > 0 ? $" {string.Join(", ", unblocked.Select(ProtectionMethod.Display))} has no block size: its values are level lines across its panel." : ""),
            Figure(charts[Fig6Chart.SvgFile], "fig6-")));
        html.Append(Section("access", "Access control table",
            "Per method and block size, averaged over the cell's keys; incorrect keys pooled over all keys evaluated.",
            TablesHtml.AccessControl(tables.Access)));
        foreach (var (file, title, note, exists, skipped) in figures)
            html.Append(exists
                ? Section(Path.GetFileNameWithoutExtension(file), title, note,
                    $"<figure><img src=\"data:image/png;base64,{Convert.ToBase64String(File.ReadAllBytes(Path.Combine(folder.Path, file)))}\" alt=\"{Encode(title)}\"></figure>")
                : Section(Path.GetFileNameWithoutExtension(file), title, skipped!, ""));
        html.Append(charts.GetValueOrDefault(TrainingCurvesChart.SvgFile) is not { } curves
            ? Section("curves", CurvesTitle, "The training curves appear once a job has finished with its training history in metrics.json.", "")
            : Section("curves", CurvesTitle,
                "Cross-entropy per epoch from each finished job's metrics.json: validation loss solid, training loss dashed; one panel per method, "
                + "a colour per block size, the baseline in grey in every panel. Each job keeps the weights of its lowest validation loss.",
                Figure(curves, "curves-")));
        html.Append(Section("keyspace", "Key spaces", KeySpaceMarkdown.Note,
            tables.KeySpaces.Rows.Count > 0 ? TablesHtml.KeySpaces(tables.KeySpaces) : "<p class=\"note\">No protected jobs in this experiment yet.</p>"));
        if (tables.FineTuning is { } fineTuning)
            html.Append(Section("fine-tuning", FineTuningTitle, FineTuningMarkdown.Note,
                ChartOrWait(charts.GetValueOrDefault(FineTuningChart.SvgFile), "fine-tuning-") + AttacksHtml.FineTuning(fineTuning)));
        if (tables.KeyEstimation is { } keyEstimation)
            html.Append(Section("key-estimation", KeyEstimationTitle, KeyEstimationMarkdown.Note,
                ChartOrWait(charts.GetValueOrDefault(KeyEstimationChart.SvgFile), "key-estimation-") + AttacksHtml.KeyEstimation(keyEstimation)));
        html.Append(Section("jobs", "Jobs", folder.Attacks.Count > 0 ? "Models first, then the attacks on them." : "",
            JobsHtml.Table([.. JobEntry.InReportOrder(folder.Jobs), .. JobEntry.InReportOrder(folder.Attacks)], withAttacks: folder.Attacks.Count > 0)));
        if (folder.LeftOut.Count > 0)
            html.Append(Section("left-out", "Left out of the tables", string.Join(" ", folder.Notes),
                JobsHtml.Table(JobEntry.InReportOrder(folder.LeftOut.Select(l => l.Job)), withAttacks: folder.LeftOut.Any(l => l.Job.IsAttack))));
        html.Append(Section("provenance", "Provenance", "Keys appear only as fingerprints; seeds are never part of a report.", ProvenanceHtml.List(folder)));
        html.Append("<footer>Written by <code>pipeline report</code> from the results folder alone; run it again to refresh.</footer>\n");
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Figure(string svg, string idPrefix) => $"<figure>{ChartSvg.Inline(svg, idPrefix)}</figure>";

    private static string ChartOrWait(string? svg, string idPrefix) =>
        svg is null ? "<p class=\"note\">The chart appears once one of these attacks has finished.</p>" : Figure(svg, idPrefix);

    private const string FineTuningTitle = "Attack · fine-tuning a stolen model";
    private const string KeyEstimationTitle = "Attack · key estimation";
    private const string CurvesTitle = "Training curves · loss per epoch";

    private static string Header(ResultsFolder folder, ReportTables tables, IEnumerable<string> figureFiles)
    {
        var counts = folder.AllJobs.GroupBy(j => j.State).ToDictionary(g => g.Key, g => g.Count());
        var stats = new List<(int, string)> { (folder.AllJobs.Count, "jobs") };
        stats.AddRange(new[] { JobState.Finished, JobState.Running, JobState.Pending, JobState.Failed, JobState.Damaged }
            .Where(s => s != JobState.Damaged || counts.ContainsKey(s))
            .Select(s => (counts.GetValueOrDefault(s), s.ToString().ToLowerInvariant())));
        if (folder.LeftOut.Count > 0) stats.Add((folder.LeftOut.Count, "left out"));
        var links = new List<(string, string)> { ("table1", "Table 1"), ("fig6", "Fig. 6"), ("access", "Access control") };
        links.AddRange(figureFiles.Select(f => (Path.GetFileNameWithoutExtension(f), "Fig. " + f[3])));
        links.AddRange([("curves", "Training curves"), ("keyspace", "Key spaces")]);
        if (tables.FineTuning is not null) links.Add(("fine-tuning", "Fine-tuning attack"));
        if (tables.KeyEstimation is not null) links.Add(("key-estimation", "Key estimation"));
        links.Add(("jobs", "Jobs"));
        if (folder.LeftOut.Count > 0) links.Add(("left-out", "Left out"));
        links.Add(("provenance", "Provenance"));
        return "<header><p class=\"eyebrow\">Experiment report</p>"
            + $"<h1>{Encode(folder.Name)}</h1>"
            + "<p class=\"lede\">Segmentation models protected by block-wise image transformation with a secret key (SHF, NP, FFX), "
            + "reproducing Ito, AprilPyone and Kiya (2021): Table 1 and the access-control experiment of Fig.&nbsp;6.</p>"
            + "<ul class=\"stats\">" + string.Concat(stats.Select(s => $"<li><span class=\"num\">{s.Item1}</span><span class=\"label\">{s.Item2}</span></li>")) + "</ul>"
            + "</header>\n<nav>" + string.Concat(links.Select(l => $"<a href=\"#{l.Item1}\">{Encode(l.Item2)}</a>")) + "</nav>\n";
    }
}
