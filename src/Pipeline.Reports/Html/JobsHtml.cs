using Pipeline.Reports.Tables;
using Pipeline.Orchestration.Jobs;
using Pipeline.Method.Transforms;
using System.Text;
using Pipeline.Reports.Results;
using static Pipeline.Reports.Html.Html;

namespace Pipeline.Reports.Html;

/// <summary>
/// The job table: what each job is, where it stands, how long it took, where it ran and how often it was tried. With
/// attacks in the experiment, a column names each attack (what it does to which model); a model's cell there is empty.
/// </summary>
internal static class JobsHtml
{
    public static string Table(IEnumerable<JobEntry> jobs, bool withAttacks = false)
    {
        var html = new StringBuilder("<div class=\"scroll\"><table class=\"jobs\"><thead><tr><th>Job</th><th>Method</th>"
            + "<th class=\"num\">M</th><th>Key fingerprint</th>" + (withAttacks ? "<th>Attack</th>" : "")
            + "<th>State</th><th class=\"num\">Duration</th><th>Device</th><th class=\"num\">Attempts</th></tr></thead><tbody>");
        foreach (var job in jobs)
        {
            html.Append($"<tr><td><code>{Encode(job.Id)}</code></td>");
            html.Append(Td(job.Method is null ? "?" : job.Method == ProtectionMethod.Baseline ? ProtectionMethod.Baseline : ProtectionMethod.Display(job.Method)));
            html.Append(Td(Numbers.BlockSize(job.BlockSize), "num"));
            html.Append(job.KeyFingerprint is null ? Td("—") : $"<td><code>{Encode(job.KeyFingerprint)}</code></td>");
            if (withAttacks) html.Append(Td(job.IsAttack ? job.Label : "—"));
            html.Append($"<td>{State(job)}</td>");
            html.Append(Td(Duration(job.Duration), "num"));
            html.Append(Td(job.Device ?? "—"));
            html.Append(Td(job.Status?.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "—", "num"));
            html.Append("</tr>");
        }
        html.Append("</tbody></table></div>");
        return html.ToString();
    }

    private static string State(JobEntry job)
    {
        var state = job.State.ToString().ToLowerInvariant();
        var failed = job.State == JobState.Failed;
        var problem = string.Join(": ", new[] { failed ? job.Status?.FailureKind?.ToString().ToLowerInvariant() : null, failed ? job.Status?.Message : null, job.Problem }
            .Where(s => !string.IsNullOrEmpty(s)));
        return $"<span class=\"badge {state}\">{Encode(state)}</span>"
            + (problem.Length > 0 ? $"<span class=\"problem\">{Encode(problem)}</span>" : "");
    }

    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "—",
        { TotalHours: >= 1 } d => $"{(int)d.TotalHours} h {d.Minutes:00} min",
        { TotalMinutes: >= 1 } d => $"{d.Minutes} min {d.Seconds:00} s",
        { } d => $"{d.TotalSeconds:0} s",
    };
}
