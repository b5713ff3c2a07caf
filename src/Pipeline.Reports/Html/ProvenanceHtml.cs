using System.Text;
using Pipeline.Reports.Results;
using static Pipeline.Reports.Html.Html;

namespace Pipeline.Reports.Html;

/// <summary>
/// Where the numbers come from: commit, libtorch and CUDA versions, devices and the keys' fingerprints.
/// Keys are shown only as fingerprints; nothing here reads a seed.
/// </summary>
internal static class ProvenanceHtml
{
    public static string List(ResultsFolder folder)
    {
        var run = folder.Provenance;
        // Device names (not ids like cuda:0): run.json's, and those the finished jobs trained on.
        var devices = (run?.Devices ?? []).Concat(folder.AllJobs.Select(j => j.Metrics?.Training?.DeviceName).OfType<string>()).Distinct().ToList();
        var fingerprints = folder.AllJobs.Select(j => j.KeyFingerprint).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var html = new StringBuilder("<dl>");
        Item(html, "Results folder", $"<code>{Encode(folder.Name)}</code>");
        Item(html, "Pipeline", Encode(run?.PipelineVersion ?? "—"));
        Item(html, "Git commit", Code(run?.GitCommit));
        Item(html, "TorchSharp", Encode(run?.TorchsharpVersion is { } ts ? $"{ts} ({run.TorchsharpPackage ?? "unknown package"})" : "—"));
        Item(html, "libtorch", Encode(run?.LibtorchVersion ?? "—"));
        Item(html, "CUDA", Encode(run?.CudaVersion ?? "—"));
        Item(html, "Devices", devices.Count > 0 ? Encode(string.Join(", ", devices)) : "—");
        Item(html, "Run started", Encode(Time(run?.Started)));
        Item(html, "Run finished", Encode(Time(run?.Finished)));
        Item(html, "Command", Code(run?.CommandLine));
        Item(html, "Key fingerprints", fingerprints.Count > 0
            ? "<div class=\"chips\">" + string.Concat(fingerprints.Select(f => $"<code>{Encode(f)}</code>")) + "</div>"
            : "—");
        html.Append("</dl>");
        if (run is null) html.Append("<p class=\"note\">No run.json in this results folder: versions are unknown.</p>");
        return html.ToString();
    }

    private static void Item(StringBuilder html, string term, string value) => html.Append($"<dt>{Encode(term)}</dt><dd>{value}</dd>");

    private static string Code(string? text) => text is null ? "—" : $"<code>{Encode(text)}</code>";

    private static string Time(DateTimeOffset? time) => time?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture) ?? "—";
}
