using System.Text.RegularExpressions;
using Pipeline.Reports.Charts;
using Pipeline.Reports.Results;
using Pipeline.Reports.Tables;
using ScottPlot;
using ScottPlot.Plottables;

namespace Pipeline.Reports.Tests;

/// <summary>The report of an experiment with an fmp model and attacks (<see cref="ResultsFixture"/> with attacks).</summary>
public sealed class AttackReportTests(ReportedAttacks report) : IClassFixture<ReportedAttacks>
{
    private readonly ResultsFixture results = report.Results;
    private readonly ResultsFixture withoutAttacks = report.WithoutAttacks;
    private readonly IReadOnlyList<string> written = report.Written;
    private readonly ResultsFolder folder = ResultsFolder.Load(report.Results.Path);

    [Fact]
    public void Writes_the_key_space_and_attack_files_and_only_with_attacks_the_attack_files()
    {
        var names = written.Select(Path.GetFileName).ToList();
        foreach (var file in new[] { "keyspace.csv", "attacks_fine_tuning.csv", "attacks_fine_tuning.md", FineTuningChart.SvgFile, FineTuningChart.PngFile,
                                     "attacks_key_estimation.csv", "attacks_key_estimation.md", KeyEstimationChart.SvgFile, KeyEstimationChart.PngFile })
            Assert.Contains(file, names);
        Assert.Empty(Directory.GetFiles(withoutAttacks.Path, "attacks_*"));
        Assert.True(File.Exists(Path.Combine(withoutAttacks.Path, "keyspace.csv")));
    }

    [Fact]
    public void Attack_jobs_are_kept_apart_and_never_count_in_their_targets_cells()
    {
        Assert.Equal(7, folder.Attacks.Count);
        Assert.DoesNotContain(folder.Jobs, j => j.IsAttack);
        // SHF and NP read as without attacks: the fine-tuned and searched copies of shf2a are not more SHF M = 2 keys.
        foreach (var file in new[] { "access_control.csv", "table1.csv" })
        {
            var with = Rows(results.Read(file)).Where(r => r[0] is "shf" or "np" or "2" or "4" or "8").ToList();
            var without = Rows(withoutAttacks.Read(file)).Where(r => r[0] is "shf" or "np" or "2" or "4" or "8").ToList();
            Assert.Equal(without.Select(r => r.Take(file == "table1.csv" ? 9 : r.Length)), with.Select(r => r.Take(file == "table1.csv" ? 9 : r.Length)));
        }
    }

    [Fact]
    public void Fmp_has_one_cell_without_a_block_size_in_both_tables()
    {
        var access = Csv("access_control.csv").Single(r => r["method"] == "fmp");
        Assert.Equal(("", "1", "0.5800", "0.2000", "0.1800"), (access["block_size"], access["keys"], access["correct"], access["plain"], access["incorrect_mean"]));
        var table1 = results.Read("table1.md");
        // The paper has no FMP column, so FMP has ours only: no paper value and no difference that are always empty.
        Assert.Contains("| NP | NP paper | NP Δ | FMP |\n", table1);
        Assert.Matches(@"\n\| — \| — \| — \| — \| — \| — \| — \| 0\.5800 \|\n", table1);
        Assert.Contains("<th class=\"group\" colspan=\"1\">FMP</th>", results.Read("report.html"));
        Assert.Contains("FMP permutes the model's feature maps", table1);
    }

    [Fact]
    public void Each_fine_tuning_attack_stands_beside_its_target_and_the_model_from_scratch_on_the_same_share()
    {
        var rows = Csv("attacks_fine_tuning.csv");
        Assert.Equal(["shf 0.2500", "shf 0.5000", "np 0.2500"], rows.Select(r => $"{r["method"]} {r["fraction"]}"));
        Assert.Equal(("finished", "1", "0.4500", "0.3000", "0.6500", "0.0500", results.Id("shf2a")),
            (rows[0]["state"], rows[0]["train_images"], rows[0]["fine_tuned_plain"], rows[0]["from_scratch_plain"], rows[0]["target_correct"], rows[0]["target_plain"], rows[0]["target"]));
        Assert.Equal(("pending", "pending", "pending"), (rows[1]["state"], rows[1]["fine_tuned_plain"], rows[1]["from_scratch_plain"]));
        Assert.Equal(("failed", "failed", "0.3000", "0.6216"), (rows[2]["state"], rows[2]["fine_tuned_plain"], rows[2]["from_scratch_plain"], rows[2]["target_correct"]));
        Assert.Contains("| SHF | 2 | " + results.Fingerprint("shf2a") + " | 25% (1 image) | 0.4500 | 0.3000 | 0.6500 | 0.0500 |", results.Read("attacks_fine_tuning.md"));
    }

    [Fact]
    public void A_key_estimation_reports_its_best_query_its_best_guess_and_what_the_key_gets()
    {
        var rows = Csv("attacks_key_estimation.csv");
        Assert.Equal(["shf", "fmp"], rows.Select(r => r["method"]));
        var shf = rows[0];
        Assert.Equal(("finished", "2", "2", "1", "0.3500", "0.3300", "0.2500", "0.6500", "0.0500", "0.6600", "0.0600"),
            (shf["state"], shf["random_keys"], shf["local_queries"], shf["query_images"], shf["best_query_mean_iou"], shf["estimated_mean_iou"],
             shf["key_agreement"], shf["target_correct"], shf["target_plain"], shf["query_correct"], shf["query_plain"]));
        // The pending search shows its planned budget and its target's own results, not yet its own.
        var fmp = rows[1];
        Assert.Equal(("pending", "", "2", "pending", "0.5800"), (fmp["state"], fmp["block_size"], fmp["random_keys"], fmp["best_query_mean_iou"], fmp["target_correct"]));
    }

    [Fact]
    public void The_key_space_table_counts_keys_per_method_and_block_size_and_the_keys_used_by_kind()
    {
        var rows = Csv("keyspace.csv");
        Assert.Equal(["shf 2", "shf 4", "shf 8", "np 2", "np 4", "np 8", "fmp "], rows.Select(r => $"{r["method"]} {r["block_size"]}"));
        // SHF M = 2 permutes L = 12 positions: log2 12!; NP M = 2 selects 5 of them: log2 C(12, 5) = log2 792.
        var shf = rows[0];
        // 12! = 479001600 < 2^32: a seed key reaches every one of them.
        Assert.Equal(("12", "", Numbers.Value(Log2Factorial(12)), Numbers.Value(Log2Factorial(12)), "2"),
            (shf["positions"], shf["selected"], shf["log2_keys"], shf["log2_effective_seed"], shf["seed_keys"]));
        Assert.Equal(("5", Numbers.Value(Math.Log2(792)), Numbers.Value(Math.Log2(792))), (rows[3]["selected"], rows[3]["log2_keys"], rows[3]["log2_effective_seed"]));
        // SHF M = 8: L = 192, far beyond what a seed (32 bits) or a strong key (256 bits) reaches.
        Assert.Equal(("32.0000", "256.0000"), (rows[2]["log2_effective_seed"], rows[2]["log2_effective_strong"]));
        // fmp after layer1 of ResNet-50 permutes 256 channels.
        var fmp = rows[6];
        Assert.Equal(("layer1", "256", Numbers.Value(Log2Factorial(256)), "1"), (fmp["feature_maps"], fmp["positions"], fmp["log2_keys"], fmp["seed_keys"]));
        Assert.Contains("| FMP | — | permutes 256 channels after layer1 |", results.Read("keyspace.md"));
    }

    [Fact]
    public void The_fine_tuning_chart_has_a_panel_per_attacked_method_with_the_model_from_scratch_in_each()
    {
        var chart = FineTuningChart.Build(FineTuningTable.From(folder)!)!;
        Assert.Equal(["SHF", "NP"], chart.Panels.Select(p => p.Axes.Title.Label.Text));
        var shf = chart.Panels[0].GetPlottables<Scatter>().ToList();
        var target = results.Id("shf2a");
        Assert.Equal([new Coordinates(0.25, 0.45)], Points(shf, $"{FineTuningChart.FineTuned}, target {target}"));
        // The attacked model's mean IoU with its key, a level line across the panel.
        Assert.All(Points(shf, $"{FineTuningChart.Correct}, target {target}"), p => Assert.Equal(0.65, p.Y));
        foreach (var panel in chart.Panels)
            Assert.Equal([new Coordinates(0.25, 0.30)], Points(panel.GetPlottables<Scatter>().ToList(), FineTuningChart.FromScratch));
        // The failed NP attack has no point of its own.
        Assert.DoesNotContain(chart.Panels[1].GetPlottables<Scatter>(), s => s.LegendText.StartsWith(FineTuningChart.FineTuned, StringComparison.Ordinal));
    }

    [Fact]
    public void The_key_estimation_chart_draws_the_best_so_far_after_each_query_and_where_local_search_starts()
    {
        var chart = KeyEstimationChart.Build(KeyEstimationTable.From(folder)!)!;
        var panel = Assert.Single(chart.Panels);
        Assert.Equal("SHF", panel.Axes.Title.Label.Text);
        var job = results.Id("ke-shf2a");
        var scatters = panel.GetPlottables<Scatter>().ToList();
        Assert.Equal(ResultsFixture.SearchCurve.Select((v, k) => new Coordinates(k + 1, v)), Points(scatters, $"{KeyEstimationChart.Best}, job {job}"));
        Assert.All(Points(scatters, $"{KeyEstimationChart.QueryCorrect}, job {job}"), p => Assert.Equal(0.66, p.Y));
        Assert.Equal(2.5, panel.GetPlottables<VerticalLine>().Single().X);
    }

    [Fact]
    public void The_page_has_the_key_space_and_attack_sections_and_names_each_attack_in_the_job_table()
    {
        var html = File.ReadAllText(Path.Combine(results.Path, "report.html"));
        foreach (var section in new[] { "keyspace", "fine-tuning", "key-estimation" })
        {
            Assert.Contains($"<a href=\"#{section}\">", html);
            Assert.Matches($"<section id=\"{section}\">", html);
        }
        var attacks = Regex.Match(html, "<section id=\"fine-tuning\">.*?</section>", RegexOptions.Singleline).Value;
        Assert.Single(Regex.Matches(attacks, "<svg "));
        Assert.Contains("<td class=\"num failed\">failed</td>", attacks);
        Assert.Contains("<td class=\"num pending\">pending</td>", attacks);
        Assert.Contains($"<td>fine-tuning on 25 % of shf M=2 key {results.Fingerprint("shf2a")}</td>", html);
        Assert.Contains("<td>from scratch on 50 % of the training images</td>", html);
        Assert.Contains("<li><span class=\"num\">16</span><span class=\"label\">jobs</span></li>", html);
        foreach (var file in written.Where(f => !f.EndsWith(".png", StringComparison.Ordinal)))
            Assert.DoesNotContain(ResultsFixture.Seed, File.ReadAllText(file));
    }

    private List<Dictionary<string, string>> Csv(string file)
    {
        var rows = Rows(results.Read(file));
        return rows.Skip(1).Select(r => rows[0].Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    // The report's CSV files quote no field these tests read.
    private static List<string[]> Rows(string csv) => csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();

    private static Coordinates[] Points(IEnumerable<Scatter> scatters, string legendText) =>
        scatters.Single(s => s.LegendText == legendText).Data.GetScatterPoints().ToArray();

    private static double Log2Factorial(int n) => Enumerable.Range(1, n).Sum(k => Math.Log2(k));
}
