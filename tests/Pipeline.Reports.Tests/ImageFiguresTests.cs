using System.Text.RegularExpressions;
using Pipeline.Method.Data;
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
        using var transform = MethodRegistry.Create(method, blockSize, TinyJobsFixture.KeyOf(method, blockSize), new MethodOptions());
        return RgbImage.FromTensor(transform.Apply(plain.ToTensor()));
    }

    private static void AssertFilled(RgbImage tile, (byte R, byte G, byte B) colour)
    {
        for (var i = 0; i < tile.Pixels.Length; i += 3)
            Assert.Equal(colour, (tile.Pixels[i], tile.Pixels[i + 1], tile.Pixels[i + 2]));
    }

    [Fact]
    public void Report_writes_both_figures_before_the_page_that_embeds_them()
    {
        var names = results.Written.Select(Path.GetFileName).ToList();
        Assert.Equal(["table1.csv", "table1.md", "access_control.csv", "access_control.md", "fig6.svg", "fig4.png", "fig5.png", "report.html"], names);
        Assert.Empty(Directory.GetFiles(results.Path, "*.tmp"));
    }

    [Fact]
    public void Fig4_is_the_plain_image_and_every_method_and_block_size_with_its_jobs_key()
    {
        var (fig4, reason) = Fig4Png.TryBuild(ResultsFolder.Load(results.Path));
        Assert.Null(reason);
        var png = Png.ReadRgb(FilePath("fig4.png"));
        Assert.Equal((fig4!.Grid.Height, fig4.Grid.Width), (png.Height, png.Width));
        Assert.Equal(fig4.Image.Pixels, png.Pixels);
        Assert.Equal(["shf", "np", "ffx"], fig4.Methods);
        Assert.Equal([2, 4, 8], fig4.BlockSizes);
        Assert.Equal(["SHF", "NP", "FFX"], fig4.Grid.RowLabels);
        Assert.Equal(["plain", "M=2", "M=4", "M=8"], fig4.Grid.ColumnLabels);
        Assert.Equal(TinyJobsFixture.ImageSize * fig4.Grid.Scale, fig4.Grid.TileSize);
        Assert.True(fig4.Grid.TileSize >= 96, "small images are enlarged to stay legible");

        var plain = SourceImage(0);
        Assert.Equal(plain.Pixels, fig4.Grid.Tile(png, 0, 0).Pixels);
        foreach (var (method, m, _, _) in TinyJobsFixture.Jobs)
        {
            var tile = fig4.Grid.Tile(png, fig4.Methods.ToList().IndexOf(method), fig4.ColumnOf(m));
            Assert.Equal(Transformed(plain, method, m).Pixels, tile.Pixels);
            Assert.NotEqual(plain.Pixels, tile.Pixels);
            Assert.Equal(results.JobIds[(method, m)], fig4.CellJobs[(method, m)]);
        }
        // Cells without a job stay empty grey, and so does the plain column below the first row.
        AssertFilled(fig4.Grid.Tile(png, 1, fig4.ColumnOf(2)), ImageGrid.Empty);
        AssertFilled(fig4.Grid.Tile(png, 2, 0), ImageGrid.Empty);
        Assert.Matches("No job yet for [^.]*NP M=2[,.]", fig4.Caption);
    }

    [Fact]
    public void Fig5_shows_the_best_smallest_block_job_input_prediction_and_ground_truth()
    {
        var (fig5, reason) = Fig5Png.TryBuild(ResultsFolder.Load(results.Path));
        Assert.Null(reason);
        var png = Png.ReadRgb(FilePath("fig5.png"));
        Assert.Equal((fig5!.Grid.Height, fig5.Grid.Width), (png.Height, png.Width));
        Assert.Equal(results.JobIds[("shf", 2)], fig5.JobId);
        Assert.Equal(results.FingerprintOf("shf", 2), fig5.KeyFingerprint);
        Assert.Equal(Fig5Png.DefaultImages, fig5.Grid.RowLabels.Count);
        Assert.Equal(["input", "prediction", "ground truth"], fig5.Grid.ColumnLabels);

        var palette = Enumerable.Range(0, 256).ToDictionary(
            k => (VocPalette.Colours[k * 3], VocPalette.Colours[k * 3 + 1], VocPalette.Colours[k * 3 + 2]), k => (byte)k);
        for (var i = 0; i < Fig5Png.DefaultImages; i++)
        {
            Assert.Equal(Transformed(SourceImage(i), "shf", 2).Pixels, fig5.Grid.Tile(png, i, 0).Pixels);

            var truth = fig5.Grid.Tile(png, i, 2);
            var mask = SourceMask(i);
            for (var p = 0; p < mask.Length; p++)
                Assert.Equal(VocPalette.Colours.AsSpan(mask[p] * 3, 3).ToArray(), truth.Pixels.AsSpan(p * 3, 3).ToArray());

            // The prediction is in the palette too; read back into labels it gives the caption's mean IoU.
            var predicted = fig5.Grid.Tile(png, i, 1);
            var labels = new byte[mask.Length];
            for (var p = 0; p < labels.Length; p++)
            {
                Assert.True(palette.TryGetValue((predicted.Pixels[p * 3], predicted.Pixels[p * 3 + 1], predicted.Pixels[p * 3 + 2]), out var label),
                    "a prediction pixel is not a VOC palette colour");
                Assert.InRange(label, 0, 20);
                labels[p] = label;
            }
            using var scope = NewDisposeScope();
            var size = TinyJobsFixture.ImageSize;
            var miou = PerImageMeanIoU.Compute(torch.tensor(labels, [1, size, size]).to(ScalarType.Int64),
                torch.tensor(mask, [1, size, size]).to(ScalarType.Int64), 21).ToArray<double>()[0];
            Assert.Equal(miou, fig5.MeanIoU[i], 12);
            Assert.Equal($"MIOU {miou:F2}", fig5.Grid.RowLabels[i]);
            Assert.Contains($"{fig5.ImageIds[i]}: {miou:F4}", fig5.Caption);
        }
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
        Assert.Contains($"Job {results.JobIds[("shf", 2)]}: SHF with M = 2 and key {results.FingerprintOf("shf", 2)}", html);
        Assert.Contains("Per-image mean IoU", html);
        Assert.Contains("rows: SHF, NP, FFX; columns: block size M = 2, 4, 8", html);
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

        var written = Report.Write(folder);

        Assert.Contains(Path.Combine(folder, "fig4.png"), written);
        Assert.False(File.Exists(Path.Combine(folder, "fig5.png")));
        var html = File.ReadAllText(Path.Combine(folder, "report.html"));
        Assert.Single(Regex.Matches(html, "<img src=\"data:image/png;base64,"));
        Assert.Matches("<section id=\"fig5\"><h2>[^<]*</h2><p class=\"note\">Fig. 5 is made once a protected job has finished", html);
        Assert.DoesNotContain("99887766", html);
    }

    [Fact]
    public void Without_protected_jobs_both_figures_are_skipped()
    {
        var folder = Path.Combine(root, "results", "empty");
        Directory.CreateDirectory(Path.Combine(folder, "jobs"));

        var written = Report.Write(folder);

        Assert.DoesNotContain(written, f => f.EndsWith(".png"));
        var html = File.ReadAllText(Path.Combine(folder, "report.html"));
        Assert.DoesNotContain("<img", html);
        Assert.Contains("Fig. 4 is made once the results hold protected jobs", html);
        Assert.Contains("Fig. 5 is made once a protected job has finished", html);
    }
}
