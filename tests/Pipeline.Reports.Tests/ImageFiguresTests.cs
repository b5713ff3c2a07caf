using System.Text.RegularExpressions;
using Pipeline.Method.Data;
using Pipeline.Orchestration.Jobs;
using Pipeline.Method.Imaging;
using Pipeline.Method.Metrics;
using Pipeline.Method.Transforms;
using Pipeline.Reports.Figures;
using Pipeline.Reports.Results;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Reports.Tests;

/// <summary>Fig. 4 and Fig. 5 made from a tiny real results folder (jobs run in-process on the CPU).</summary>
public sealed class ImageFiguresTests(TinyJobsFixture results) : IClassFixture<TinyJobsFixture>
{
    private string FilePath(string name) => Path.Combine(results.Path, name);

    private static RgbImage SourceImage(int index)
    {
        using var split = SyntheticVoc.GenerateList("val", TinyJobsFixture.TestImages, new SyntheticVocOptions
        {
            ImageSize = TinyJobsFixture.ImageSize, Train = 8, Validation = 2, Test = TinyJobsFixture.TestImages, Seed = TinyJobsFixture.DatasetSeed,
        });
        using var scope = NewDisposeScope();
        return RgbImage.FromTensor(split.Images.narrow(0, index, 1).to(ScalarType.Float32).div(255.0));
    }

    private static byte[] SourceMask(int index)
    {
        using var split = SyntheticVoc.GenerateList("val", TinyJobsFixture.TestImages, new SyntheticVocOptions
        {
            ImageSize = TinyJobsFixture.ImageSize, Train = 8, Validation = 2, Test = TinyJobsFixture.TestImages, Seed = TinyJobsFixture.DatasetSeed,
        });
        using var mask = split.Masks.select(0, index).contiguous();
        return mask.ToArray<byte>();
    }

    private static RgbImage Transformed(RgbImage plain, string method, int blockSize)
    {
        using var scope = NewDisposeScope();
        using var transform = ProtectionMethod.Blockwise(method).Transform(blockSize, TinyJobsFixture.KeyOf(method, blockSize), new MethodOptions());
        return RgbImage.FromTensor(transform.Apply(plain.ToTensor()));
    }

    // The fmp job's model, its key's permutation attached, on one image: its labels, row by row.
    private byte[] FmpPrediction(RgbImage plain)
    {
        using var scope = NewDisposeScope();
        var folder = new Orchestration.Jobs.JobFolder(Path.Combine(results.Path, "jobs", results.FmpId));
        var job = folder.ReadJobWithoutKey();
        using var model = Method.Models.FcnResNet.From(job.Model, job.Dataset.Classes);
        model.load_state_dict_checked(Safetensors.Load(folder.Weights));
        model.eval();
        using var protection = ((MethodJob)job).Protection.Setting(model.Depth).Protect(new Method.Keys.SecretKey(TinyJobsFixture.FmpSeed));
        protection.Attach(model);
        using var noGrad = no_grad();
        return model.forward(new Method.Training.InputPipeline(null, channelsLast: false).Prepare(plain.ToTensor())).argmax(1).to(ScalarType.Byte).contiguous().ToArray<byte>();
    }

    private static void AssertFilled(RgbImage tile, SkiaSharp.SKColor colour)
    {
        for (var i = 0; i < tile.Pixels.Length; i += 3)
            Assert.Equal((colour.Red, colour.Green, colour.Blue), (tile.Pixels[i], tile.Pixels[i + 1], tile.Pixels[i + 2]));
    }

    private static byte[] PaletteColour(int label) => VocPalette.Colours.AsSpan(label * 3, 3).ToArray();

    // A tile drawn in the VOC palette, read back into labels.
    private static byte[] Labels(RgbImage tile)
    {
        var palette = Enumerable.Range(0, 256).ToDictionary(
            k => (VocPalette.Colours[k * 3], VocPalette.Colours[k * 3 + 1], VocPalette.Colours[k * 3 + 2]), k => (byte)k);
        var labels = new byte[tile.Height * tile.Width];
        for (var p = 0; p < labels.Length; p++)
        {
            Assert.True(palette.TryGetValue((tile.Pixels[p * 3], tile.Pixels[p * 3 + 1], tile.Pixels[p * 3 + 2]), out var label),
                "a label pixel is not a VOC palette colour");
            labels[p] = label;
        }
        return labels;
    }

    [Fact]
    public void Report_writes_both_figures_before_the_page_that_embeds_them()
    {
        var names = results.Written.Select(Path.GetFileName).ToList();
        Assert.Equal(["table1.csv", "table1.md", "access_control.csv", "access_control.md", "keyspace.csv", "keyspace.md", "fig6.svg", "fig6.png", "curves.svg", "curves.png",
            "fig4.png", "fig5.png", "report.html"], names);
        Assert.Empty(Directory.GetFiles(results.Path, "*.tmp"));
    }

    [Fact]
    public void Fig4_is_the_plain_image_and_every_method_and_block_size_with_its_jobs_key()
    {
        var (fig4, reason) = Fig4Png.TryBuild(ResultsFolder.Load(results.Path));
        Assert.Null(reason);
        var png = Png.ReadRgb(FilePath("fig4.png"));
        Assert.Equal((fig4!.Image.Height, fig4.Image.Width), (png.Height, png.Width));
        Assert.Equal(fig4.Image.Pixels, png.Pixels);
        Assert.Equal(["shf", "np", "ffx"], fig4.Methods);
        Assert.Equal([2, 4, 8], fig4.BlockSizes);
        Assert.Equal(["SHF", "NP", "FFX"], fig4.Grid.RowLabels);
        Assert.Equal(["M = 2", "M = 4", "M = 8"], fig4.Grid.ColumnLabels);
        Assert.Equal(TinyJobsFixture.ImageSize * fig4.Grid.Scale, fig4.Grid.TileSize);
        Assert.True(fig4.Grid.TileSize >= 128, "small images are enlarged to stay legible");
        // The plain image stands left of the grid, level with its middle row.
        Assert.True(fig4.Plain.X + fig4.Plain.Size < fig4.Grid.TileAt(0, 0).X);
        Assert.Equal(fig4.Grid.TileAt(1, 0).Y, fig4.Plain.Y);

        var plain = SourceImage(0);
        Assert.Equal(plain.Pixels, fig4.Plain.Read(png).Pixels);
        foreach (var (method, m, _, _) in TinyJobsFixture.Jobs)
        {
            var tile = fig4.TileOf(method, m).Read(png);
            Assert.Equal(Transformed(plain, method, m).Pixels, tile.Pixels);
            Assert.NotEqual(plain.Pixels, tile.Pixels);
            Assert.Equal(results.JobIds[(method, m)], fig4.CellJobs[(method, m)]);
        }
        // Cells without a job stay empty grey, and the caption names them.
        AssertFilled(fig4.TileOf("ffx", 2).Read(png), FigureSheet.Empty);
        Assert.Matches("No job yet for [^.]*FFX M=2[,.]", fig4.Caption);
        Assert.DoesNotContain("NP M=2", fig4.Caption);
        Assert.EndsWith(Fig4Png.NoRowFor(["fmp"]), fig4.Caption);
    }

    [Fact]
    public void Fig5_has_a_row_for_the_baseline_and_each_method_at_the_smallest_block_size_and_says_which_is_missing()
    {
        var (fig5, reason) = Fig5Png.TryBuild(ResultsFolder.Load(results.Path));
        Assert.Null(reason);
        Assert.Equal(2, fig5!.BlockSize);
        Assert.Equal([Fig5Png.BaselineLabel, "SHF\nM = 2", "NP\nM = 2", "FMP\nno block size"], fig5.Grid.RowLabels);
        Assert.Equal(["input\n(as the model sees it)", "prediction", "ground truth"], fig5.Grid.ColumnLabels);
        Assert.Equal([results.BaselineId, results.JobIds[("shf", 2)], results.JobIds[("np", 2)], results.FmpId], fig5.Rows.Select(r => r.JobId));
        var fmpFingerprint = new Orchestration.Jobs.ExperimentFolder(results.Path).Fingerprinter().Of(new Method.Keys.SecretKey(TinyJobsFixture.FmpSeed));
        Assert.Equal([null, results.FingerprintOf("shf", 2), results.FingerprintOf("np", 2), fmpFingerprint], fig5.Rows.Select(r => r.KeyFingerprint));
        Assert.Contains("Not shown, no finished job with weights at M = 2: FFX.", fig5.Caption);
        Assert.True(fig5.Grid.HasCaptions, "each prediction has its mean IoU under it");
    }

    [Fact]
    public void Fig5_shows_each_rows_input_as_its_model_sees_it_its_prediction_with_mean_iou_and_the_ground_truth()
    {
        var (fig5, _) = Fig5Png.TryBuild(ResultsFolder.Load(results.Path));
        var png = Png.ReadRgb(FilePath("fig5.png"));
        Assert.Equal((fig5!.Image.Height, fig5.Image.Width), (png.Height, png.Width));

        // The image with the most classes among the test images is shown.
        var classes = Enumerable.Range(0, TinyJobsFixture.TestImages).Select(i => SourceMask(i).Distinct().Count(l => l != VocClasses.IgnoreIndex)).ToList();
        var chosen = classes.IndexOf(classes.Max());
        Assert.Equal($"val_{chosen:D6}", fig5.ImageId);
        var (plain, mask) = (SourceImage(chosen), SourceMask(chosen));

        Assert.Equal(plain.Pixels, fig5.Grid.TileAt(0, 0).Read(png).Pixels);
        Assert.Equal(Transformed(plain, "shf", 2).Pixels, fig5.Grid.TileAt(1, 0).Read(png).Pixels);
        Assert.Equal(Transformed(plain, "np", 2).Pixels, fig5.Grid.TileAt(2, 0).Read(png).Pixels);
        // fmp's key permutes the model's feature maps: its input is the plain image, its prediction the permuted model's.
        Assert.Equal(plain.Pixels, fig5.Grid.TileAt(3, 0).Read(png).Pixels);
        Assert.Equal(FmpPrediction(plain), Labels(fig5.Grid.TileAt(3, 1).Read(png)));
        var present = new HashSet<byte>(mask);
        for (var r = 0; r < fig5.Rows.Count; r++)
        {
            var truth = fig5.Grid.TileAt(r, 2).Read(png);
            for (var p = 0; p < mask.Length; p++) Assert.Equal(PaletteColour(mask[p]), truth.Pixels.AsSpan(p * 3, 3).ToArray());

            // The prediction is in the palette too; read back into labels it gives the row's mean IoU.
            var labels = Labels(fig5.Grid.TileAt(r, 1).Read(png));
            Assert.All(labels, l => Assert.InRange(l, 0, 20));
            present.UnionWith(labels);
            using var scope = NewDisposeScope();
            var size = TinyJobsFixture.ImageSize;
            var miou = PerImageMeanIoU.Compute(torch.tensor(labels, [1, size, size]).to(ScalarType.Int64),
                torch.tensor(mask, [1, size, size]).to(ScalarType.Int64), 21).ToArray<double>()[0];
            Assert.Equal(miou, fig5.Rows[r].MeanIoU, 12);
            Assert.Contains($"job {fig5.Rows[r].JobId}", fig5.Caption);
            Assert.Contains($"mean IoU on this image {miou:F4}", fig5.Caption);
        }
        Assert.Equal($"mean IoU {0.5:F2}", Fig5Png.MeanIoUText(0.5));

        // The legend lists exactly the classes present, in label order, with the metrics' class names: the synthetic set's
        // say what its objects look like, not VOC's (255 is the void outline).
        Assert.Contains((byte)VocClasses.IgnoreIndex, present);
        Assert.Equal(present.Order().Select(l => (int)l), fig5.Legend.Entries.Select(e => e.Label));
        Assert.Equal(present.Order().Select(l => l == VocClasses.IgnoreIndex ? "void (ignored)" : l == 0 ? "background" : SyntheticScene.Describe(l)),
                     fig5.Legend.Entries.Select(e => e.Name));
        Assert.DoesNotContain(fig5.Legend.Entries, e => VocClasses.Names.Skip(1).Contains(e.Name));
        Assert.All(fig5.Legend.Entries, e => Assert.Equal(PaletteColour(e.Label), new[] { e.Colour.R, e.Colour.G, e.Colour.B }));
    }

    [Fact]
    public void Report_embeds_both_figures_with_captions_and_never_a_seed()
    {
        var html = File.ReadAllText(FilePath("report.html"));
        foreach (var file in new[] { "fig4.png", "fig5.png" })
        {
            var section = Regex.Match(html, $"<section id=\"{Path.GetFileNameWithoutExtension(file)}\">.*?</section>", RegexOptions.Singleline).Value;
            var data = Regex.Match(section, "<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").Groups[1].Value;
            Assert.Equal(File.ReadAllBytes(FilePath(file)), Convert.FromBase64String(data));
        }
        Assert.Contains($"SHF M = 2: job {results.JobIds[("shf", 2)]}, key {results.FingerprintOf("shf", 2)}", html);
        Assert.Contains("rows: SHF, NP, FFX; columns: block size M = 2, 4, 8", html);
        Assert.Matches("<section id=\"curves\">.*<svg ", html);
        foreach (var file in results.Written.Where(f => !f.EndsWith(".png")))
            foreach (var (_, _, seed, _) in TinyJobsFixture.Jobs)
                Assert.DoesNotContain(seed.ToString(), File.ReadAllText(file));
    }
}

/// <summary>Figures the results do not allow yet are skipped with a note, and the rest of the report is still made.</summary>
public sealed class ImageFiguresSkipTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pipeline-report-skip-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Without_weights_fig5_is_skipped_with_a_note_and_fig4_still_made()
    {
        var store = new Orchestration.Jobs.ExperimentFolder(Path.Combine(root, "results"), "pending");
        store.Save(TinyJobsFixture.Spec("np", 8, 99887766, store.Fingerprinter()));
        var folder = Path.Combine(root, "results", "pending");

        var notes = new List<string>();
        var written = Report.Write(folder, notes.Add);

        Assert.Contains(Path.Combine(folder, "fig4.png"), written);
        Assert.False(File.Exists(Path.Combine(folder, "fig5.png")));
        Assert.Equal([Fig5Png.NotYet], notes);
        var html = File.ReadAllText(Path.Combine(folder, "report.html"));
        Assert.Single(Regex.Matches(html, "<img src=\"data:image/png;base64,"));
        Assert.Matches("<section id=\"fig5\"><h2>[^<]*</h2><p class=\"note\">Fig. 5 is made once a job \\(protected or the baseline\\) has finished", html);
        Assert.DoesNotContain("99887766", html);
    }

    [Fact]
    public void A_figure_that_cannot_be_remade_keeps_its_earlier_file_and_says_so()
    {
        var store = new Orchestration.Jobs.ExperimentFolder(Path.Combine(root, "results"), "kept");
        store.Save(TinyJobsFixture.Spec("np", 8, 99887766, store.Fingerprinter()));
        var folder = Path.Combine(root, "results", "kept");
        File.WriteAllBytes(Path.Combine(folder, "fig5.png"), [1, 2, 3]);

        var notes = new List<string>();
        Report.Write(folder, notes.Add);

        Assert.Equal([$"{Fig5Png.NotYet} The earlier fig5.png is kept."], notes);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(Path.Combine(folder, "fig5.png")));
    }

    [Fact]
    public void Without_protected_jobs_both_figures_are_skipped()
    {
        var folder = Path.Combine(root, "results", "empty");
        Directory.CreateDirectory(Path.Combine(folder, "jobs"));

        var written = Report.Write(folder);

        Assert.DoesNotContain(written, f => Path.GetFileName(f) is "fig4.png" or "fig5.png");
        var html = File.ReadAllText(Path.Combine(folder, "report.html"));
        Assert.DoesNotContain("<img", html);
        Assert.Contains("Fig. 4 is made once the results hold protected jobs", html);
        Assert.Contains(Fig5Png.NotYet, html);
    }
}
