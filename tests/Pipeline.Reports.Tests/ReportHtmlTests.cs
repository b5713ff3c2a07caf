using System.Text.RegularExpressions;
using Pipeline.Reports.Results;

namespace Pipeline.Reports.Tests;

public sealed class ReportHtmlTests : IDisposable
{
    private readonly ResultsFixture results = new(withFigures: true);
    private readonly IReadOnlyList<string> written;
    private readonly string html;

    public ReportHtmlTests()
    {
        written = Report.Write(results.Path);
        html = results.Read("report.html");
    }

    public void Dispose() => results.Dispose();

    [Fact]
    public void Writes_every_file_atomically_into_the_results_folder()
    {
        Assert.Equal(["table1.csv", "table1.md", "access_control.csv", "access_control.md", "keyspace.csv", "keyspace.md", "fig6.svg", "fig6.png", "curves.svg", "curves.png", "report.html"],
            written.Select(Path.GetFileName));
        Assert.Empty(Directory.GetFiles(results.Path, "*.tmp"));
    }

    [Fact]
    public void No_report_file_contains_a_seed()
    {
        foreach (var file in written.Where(f => !f.EndsWith(".png"))) Assert.DoesNotContain(ResultsFixture.Seed, File.ReadAllText(file));
    }

    [Fact]
    public void Is_self_contained_and_needs_no_script()
    {
        Assert.DoesNotContain("<script", html);
        foreach (Match link in Regex.Matches(html, @"(?:src|href)=""([^""]*)"""))
            Assert.True(link.Groups[1].Value.StartsWith('#') || link.Groups[1].Value.StartsWith("data:"), $"external reference {link.Value}");
        Assert.Equal(2, Regex.Matches(html, @"<img src=""data:image/png;base64,[A-Za-z0-9+/=]+""").Count);
        Assert.Contains("<svg", html);
        Assert.Matches(@"<text[^>]*>\s*incorrect keys \(mean\)\s*</text>", html);
    }

    [Fact]
    public void Embeds_fig6_and_the_training_curves_inline_with_ids_that_cannot_collide()
    {
        foreach (var (section, text) in new[] { ("fig6", "incorrect keys (min–max)"), ("curves", "validation loss") })
        {
            var body = Regex.Match(html, $"<section id=\"{section}\">.*?</section>", RegexOptions.Singleline).Value;
            Assert.Single(Regex.Matches(body, "<svg "));
            Assert.Contains(text, body);
        }
        var ids = Regex.Matches(html, " id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var references = Regex.Matches(html, @"url\(#([^)]+)\)").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.Contains(r, ids));
    }

    [Fact]
    public void Shows_pending_and_failed_cells_of_a_partial_run()
    {
        Assert.Contains("<td class=\"num first pending\">pending</td>", html);
        Assert.Contains("<td class=\"num first failed\">failed</td>", html);
    }

    [Fact]
    public void Job_table_lists_state_duration_device_and_attempts()
    {
        var row = Regex.Match(html, $"<tr><td><code>{results.Id("base01")}</code></td>.*?</tr>").Value;
        Assert.Contains("finished", row);
        Assert.Contains("1 h 02 min", row);
        Assert.Contains("cuda:0", row);
        var failed = Regex.Match(html, $"<tr><td><code>{results.Id("np4a")}</code></td>.*?</tr>").Value;
        Assert.Contains($"<code>{results.Fingerprint("np4a")}</code>", failed);
        Assert.Contains("oom: CUDA out of memory", failed);
        Assert.Contains("<td class=\"num\">3</td>", failed);
        var pending = Regex.Match(html, $"<tr><td><code>{results.Id("shf8a")}</code></td>.*?</tr>").Value;
        Assert.Contains($"<code>{results.Fingerprint("shf8a")}</code>", pending);
        Assert.Contains("<td class=\"num\">8</td>", pending);
    }

    [Fact]
    public void Provenance_names_commit_versions_devices_and_key_fingerprints()
    {
        var provenance = html[html.IndexOf("<section id=\"provenance\"", StringComparison.Ordinal)..];
        foreach (var expected in new[] { "0bb1016abc", "2.11.0", "13.0", "NVIDIA H100 80GB HBM3" }
                     .Concat(new[] { "shf2a", "shf2b", "shf8a", "np8a" }.Select(results.Fingerprint)))
            Assert.Contains(expected, provenance);
    }

    [Fact]
    public void A_missing_results_folder_is_named_in_the_error()
    {
        var missing = Path.Combine(results.Path, "no-such-experiment");
        var error = Assert.Throws<ResultsFolderException>(() => Report.Write(missing));
        Assert.Contains(missing, error.Message);
        Assert.Contains(results.Path, Assert.Throws<ResultsFolderException>(() => Report.Write(Path.Combine(results.Path, "jobs", results.Id("base01")))).Message);
    }

    [Fact]
    public void A_job_of_a_method_this_version_does_not_know_has_no_key_space_and_breaks_nothing()
    {
        var metrics = results.JobFile("shf4a", "metrics.json");
        File.WriteAllText(metrics, File.ReadAllText(metrics).Replace("\"method\": \"shf\"", "\"method\": \"rot\""));

        Report.Write(results.Path);

        Assert.DoesNotContain("rot", results.Read("keyspace.csv"));
        Assert.Contains("shf,2,", results.Read("keyspace.csv"));
    }

    [Fact]
    public void A_damaged_metrics_file_marks_its_cell_damaged_and_names_the_file_and_what_to_do()
    {
        var metrics = results.JobFile("shf4a", "metrics.json");
        File.WriteAllText(metrics, "{\"schema\": 1, \"job_id\": \"");

        Report.Write(results.Path);

        // Damaged, not pending: a pending cell would say a run will fill it, and none will.
        Assert.Contains("4,damaged,0.5941,,0,", results.Read("table1.csv"));
        Assert.Contains("| 4 | damaged |", results.Read("table1.md"));
        Assert.Contains($"{metrics} is damaged", results.Read("report.html"));
        Assert.Contains("delete it and run the experiment again", results.Read("report.html"));
    }
}
