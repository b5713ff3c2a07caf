using Pipeline.Reports.Tables;
using System.Globalization;
using Pipeline.Method.Data;
using Pipeline.Method.Imaging;
using Pipeline.Method.Metrics;
using Pipeline.Method.Models;
using Pipeline.Method.Training;
using Pipeline.Method.Transforms;
using Pipeline.Orchestration.Jobs;
using Pipeline.Reports.Results;
using Pipeline.TorchExtensions;
using static TorchSharp.torch;

namespace Pipeline.Reports.Figures;

/// <summary>
/// Fig. 5 as in the paper: one test image segmented by the baseline and by each method (rows: Baseline, SHF, NP, FFX)
/// at the smallest block size of the grid, and by FMP, which has no block size; columns: the input as the model sees
/// it (transformed with the job's key; plain for the baseline and for FMP, whose key permutes the model's feature maps
/// instead), the prediction (FMP's with its key) with its per-image mean IoU under it, and the ground truth, in the
/// dataset's palette with a legend of the classes present. Each row is the best finished job of its method at that
/// block size (highest mean IoU with the correct key; the baseline's on plain images) with its weights and key; a row
/// without one is left out and the caption says so. The image is the one with the most classes among the first
/// <see cref="Candidates"/> test images. Models run on the CPU.
/// </summary>
public static class Fig5Png
{
    public const string File = "fig5.png";
    public const int Candidates = 8;
    public const string BaselineLabel = "Baseline";
    public static readonly IReadOnlyList<string> Columns = ["input\n(as the model sees it)", "prediction", "ground truth"];

    /// <summary>A row: its label, the job shown and the image's mean IoU under that job's model (NaN: no labelled pixels).</summary>
    public sealed record Row(string Label, string Method, int? BlockSize, string JobId, string? KeyFingerprint, double MeanIoU);

    /// <summary>The figure, its layout, the rows drawn, the image shown and the legend's classes.</summary>
    public sealed record Fig5(RgbImage Image, TileGrid Grid, IReadOnlyList<Row> Rows, string ImageId, int BlockSize,
        ClassLegend Legend, string Caption);

    public const string NotYet = "Fig. 5 is made once a job (protected or the baseline) has finished with its weights (weights.safetensors).";

    public static string MeanIoUText(double miou) =>
        double.IsNaN(miou) ? "mean IoU —" : $"mean IoU {miou.ToString("F2", CultureInfo.InvariantCulture)}";

    public static FigureOutcome Build(ResultsFolder folder)
    {
        var (figure, reason) = TryBuild(folder);
        return figure is null ? FigureOutcome.Skipped(File, reason!) : new FigureOutcome(File, figure.Image, figure.Caption);
    }

    public static (Fig5? Figure, string? Reason) TryBuild(ResultsFolder folder)
    {
        var grid = folder.Grid;
        int? blockSize = grid.BlockSizes.Count > 0 ? grid.BlockSizes[0] : null;
        var rows = new List<(string Label, JobEntry Entry, Job Job)>();
        var missing = new List<string>();
        if (Best(grid.Baseline.Jobs, e => e.Metrics!.Evaluations.Plain.MeanIou) is { } baseline) rows.Add((BaselineLabel, baseline.Entry, baseline.Job));
        else if (grid.Baseline.Jobs.Count > 0) missing.Add("the baseline");
        foreach (var method in grid.Methods)
        {
            var display = ProtectionMethod.Display(method);
            var m = grid.HasBlockSizes(method) ? blockSize : null;
            if (Best(grid.Cell(method, m).Jobs, e => e.Metrics!.Evaluations.Correct?.MeanIou ?? double.NegativeInfinity) is { } best)
                rows.Add(($"{display}\n{Numbers.BlockSizeLabel(m)}", best.Entry, best.Job));
            else missing.Add(m is null ? $"{display} ({Numbers.NoBlockSize})" : display);
        }
        if (rows.Count == 0) return (null, NotYet);
        return (Draw(rows, blockSize, missing), null);
    }

    // The finished job with weights and a readable key, best by score, then by id.
    private static (JobEntry Entry, Job Job)? Best(IEnumerable<JobEntry> jobs, Func<JobEntry, double> score)
    {
        foreach (var entry in jobs.Where(e => e is { State: JobState.Finished, Metrics: not null } && System.IO.File.Exists(e.Folder.Weights))
                     .OrderByDescending(score).ThenBy(e => e.Id, StringComparer.Ordinal))
            if (FigureJobs.TryJob(entry) is { } job and (BaselineJob or MethodJob { Protection.Key: not null }))
                return (entry, job);
        return null;
    }

    private static Fig5 Draw(IReadOnlyList<(string Label, JobEntry Entry, Job Job)> rows, int? blockSize, IReadOnlyList<string> missing)
    {
        using var scope = NewDisposeScope();
        var dataset = rows[0].Job.Dataset;
        using var test = FigureJobs.TestImages(rows[0].Job, Candidates);
        var size = (int)test.Images.size(2);
        if (test.Images.size(3) != size) throw new InvalidDataException($"the test images are not square ({size}×{test.Images.size(3)})");
        var chosen = MostClasses(test.Masks);
        var image = test.Images.narrow(0, chosen, 1);
        var mask = test.Masks.narrow(0, chosen, 1).to(ScalarType.Int64);
        var palette = FigureJobs.PaletteOf(dataset, rows[0].Job.ProjectRoot, test.Ids[chosen]);

        var inputs = new List<RgbImage>();
        var predictions = new List<Tensor>();
        var drawn = new List<Row>();
        foreach (var (label, entry, job) in rows)
        {
            var (input, prediction) = Segment(entry, job, image);
            var miou = PerImageMeanIoU.Compute(prediction, mask, job.Dataset.Classes, VocClasses.IgnoreIndex).ToArray<double>()[0];
            inputs.Add(input);
            predictions.Add(prediction);
            var keyed = (job as MethodJob)?.Protection;
            drawn.Add(new Row(label, job.Method, keyed?.BlockSize, entry.Id, keyed?.KeyFingerprint, miou));
        }

        var grid = new TileGrid(size, drawn.Select(r => r.Label).ToList(), Columns, captions: true);
        var names = rows.Select(r => r.Entry.Metrics?.ClassNames).FirstOrDefault(n => n is { Count: > 0 }) ?? dataset.ClassNames
                    ?? (dataset.Kind == DatasetKind.Synthetic ? SyntheticVoc.ClassNamesOf(dataset.Classes) : VocClasses.Names);
        var present = predictions.Append(mask).SelectMany(t => t.to(ScalarType.Byte).ToArray<byte>()).Distinct().Order().ToList();
        var legend = new ClassLegend(present.Select(k => new ClassLegend.ClassEntry(k, ClassName(k, names),
            (palette[k * 3], palette[k * 3 + 1], palette[k * 3 + 2]))).ToList(), grid.Width - 2 * TileGrid.Margin, grid.TextSize * 0.93f);
        using var sheet = new FigureSheet(grid.Width, grid.Height + legend.Height + TileGrid.Margin);
        grid.DrawLabels(sheet);
        var truth = FigureJobs.Colourise(mask.select(0, 0), palette);
        for (var r = 0; r < drawn.Count; r++)
        {
            grid.Place(sheet, r, 0, inputs[r]);
            grid.Place(sheet, r, 1, FigureJobs.Colourise(predictions[r].select(0, 0), palette));
            grid.Caption(sheet, r, 1, MeanIoUText(drawn[r].MeanIoU));
            grid.Place(sheet, r, 2, truth);
        }
        legend.Draw(sheet, TileGrid.Margin, grid.Height);

        var shown = string.Join("; ", drawn.Select(r => $"{r.Label.Replace('\n', ' ')}: job {r.JobId}"
            + (r.KeyFingerprint is null ? "" : $", key {r.KeyFingerprint}")
            + $", mean IoU on this image {(double.IsNaN(r.MeanIoU) ? "— (no labelled pixels)" : r.MeanIoU.ToString("F4", CultureInfo.InvariantCulture))}"));
        var caption = $"Test image {test.Ids[chosen]} ({size}×{size} px{(grid.Scale > 1 ? $", shown enlarged {grid.Scale}×" : "")}, the one with the most classes "
            + $"among the first {test.Count} test images){(blockSize is { } m ? $", block size M = {m} (the grid's smallest)" : "")}. "
            + "Each row is the best finished job of its method with its weights; columns: the input as the model sees it (transformed with the job's key, "
            + (drawn.Any(r => r.Method != ProtectionMethod.Baseline && r.BlockSize is null)
                ? "plain for the baseline and for FMP, whose key permutes the model's feature maps instead), the prediction (FMP's with its key) "
                : "plain for the baseline), the prediction ")
            + "and the ground truth, in the dataset's palette. "
            + $"{shown}."
            + (missing.Count > 0 ? $" Not shown, no finished job with weights{(blockSize is { } b ? $" at M = {b}" : "")}: {string.Join(", ", missing)}." : "");
        return new Fig5(sheet.ToImage(), grid, drawn, test.Ids[chosen], blockSize ?? 0, legend, caption);
    }

    // The input as the model sees it and the model's labels (1×H×W, int64) for one uint8 image 1×3×H×W.
    private static (RgbImage Input, Tensor Prediction) Segment(JobEntry entry, Job job, Tensor image)
    {
        using var model = TrainedModel.Load(job, entry.Folder);
        model.eval();
        // The key's protection: an input transform (SHF, NP, FFX) or a permutation of the model's feature maps (fmp).
        using var protection = job is MethodJob { Protection: var keyed } ? keyed.Setting(model.Depth).Protect(keyed.RequiredKey) : Protection.Plain;
        protection.Attach(model);
        using (no_grad())
        {
            var unit = image.to(ScalarType.Float32).div(255.0);
            var input = RgbImage.FromTensor(protection.Input is null ? unit : protection.Input.Apply(unit));
            return (input, model.forward(new InputPipeline(protection.Input, channelsLast: false).Prepare(image)).argmax(1));
        }
    }

    private static int MostClasses(Tensor masks)
    {
        var counts = Enumerable.Range(0, (int)masks.size(0))
            .Select(i => masks.select(0, i).contiguous().ToArray<byte>().Distinct().Count(label => label != VocClasses.IgnoreIndex)).ToList();
        return counts.IndexOf(counts.Max());
    }

    private static string ClassName(int label, IReadOnlyList<string> names) =>
        label == VocClasses.IgnoreIndex ? "void (ignored)" : label < names.Count ? names[label] : $"class {label}";
}
