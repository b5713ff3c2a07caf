using Pipeline.Orchestration.Jobs;
using System.Globalization;
using Pipeline.Method.Data;
using Pipeline.Method.Imaging;
using Pipeline.Method.Metrics;
using Pipeline.Method.Models;
using Pipeline.Method.Training;
using Pipeline.Method.Transforms;
using Pipeline.Reports.Results;
using Pipeline.TorchExtensions;
using static TorchSharp.torch;

namespace Pipeline.Reports.Figures;

/// <summary>
/// Fig. 5: a few test images as the model sees them (transformed with the job's key), its prediction and the
/// ground truth in the VOC palette, with each image's mean IoU. The job is the best finished protected job
/// (highest mean IoU with the correct key) among those with the smallest block size; run on the CPU.
/// </summary>
public static class Fig5Png
{
    public const string File = "fig5.png";
    public const int DefaultImages = 3;
    public static readonly IReadOnlyList<string> Columns = ["input", "prediction", "ground truth"];

    /// <summary>The figure, its layout, the job shown and each row's test image id and mean IoU (NaN: no labelled pixels).</summary>
    public sealed record Fig5(RgbImage Image, ImageGrid Grid, string JobId, string Method, int BlockSize, string KeyFingerprint,
        IReadOnlyList<string> ImageIds, IReadOnlyList<double> MeanIoU, string Caption);

    public static FigureOutcome Build(ResultsFolder folder, int images = DefaultImages)
    {
        var (figure, reason) = TryBuild(folder, images);
        return figure is null ? FigureOutcome.Skipped(File, reason!) : new FigureOutcome(File, figure.Image, figure.Caption);
    }

    /// <summary>The finished protected jobs with weights that Fig. 5 may show, the preferred one first.</summary>
    public static IEnumerable<JobEntry> Candidates(ResultsFolder folder) => folder.Jobs
        .Where(e => FigureJobs.IsProtected(e) && e.State == JobState.Finished && e.Metrics?.Evaluations.Correct is not null
                    && System.IO.File.Exists(e.Folder.Weights))
        .OrderBy(e => e.BlockSize)
        .ThenByDescending(e => e.Metrics!.Evaluations.Correct!.MeanIou)
        .ThenBy(e => e.Id, StringComparer.Ordinal);

    public static (Fig5? Figure, string? Reason) TryBuild(ResultsFolder folder, int images = DefaultImages)
    {
        var candidates = Candidates(folder).ToList();
        if (candidates.Count == 0)
            return (null, "Fig. 5 is made once a protected job has finished with its weights (weights.safetensors).");
        foreach (var entry in candidates)
            if (FigureJobs.TryJob(entry) is { Key: not null } definition)
                return (Draw(entry, definition, images), null);
        return (null, "Fig. 5 is not made: no finished protected job has a readable job.yaml and key.secret.");
    }

    private static Fig5 Draw(JobEntry entry, Job job, int count)
    {
        using var scope = NewDisposeScope();
        using var test = FigureJobs.TestImages(job, count);
        var (n, size) = (test.Count, (int)test.Images.size(2));
        if (test.Images.size(3) != size) throw new InvalidDataException($"the test images are not square ({size}×{test.Images.size(3)})");

        using var model = FcnResNet.From(job.Model, job.Dataset.Classes);
        using (var weightsScope = NewDisposeScope())
            model.load_state_dict_checked(Safetensors.Load(entry.Folder.Weights));
        model.eval();

        using var transform = MethodRegistry.Create(job.Method, job.BlockSize!.Value, job.Key!, job.MethodOptions);
        var input = new InputPipeline(transform, channelsLast: false);
        Tensor transformed, predictions, miou;
        using (no_grad())
        {
            transformed = transform.Apply(test.Images.to(ScalarType.Float32).div(255.0));
            predictions = model.forward(input.Prepare(test.Images)).argmax(1);
            miou = PerImageMeanIoU.Compute(predictions, test.Masks.to(ScalarType.Int64), job.Dataset.Classes, VocClasses.IgnoreIndex);
        }
        var scores = miou.ToArray<double>();

        var labels = Enumerable.Range(0, n).Select(i => double.IsNaN(scores[i]) ? "MIOU -" : $"MIOU {scores[i].ToString("F2", CultureInfo.InvariantCulture)}").ToList();
        var grid = new ImageGrid(size, labels, Columns);
        var canvas = grid.NewCanvas();
        for (var i = 0; i < n; i++)
        {
            grid.Place(canvas, i, 0, RgbImage.FromTensor(transformed.narrow(0, i, 1)));
            grid.Place(canvas, i, 1, FigureJobs.Colourise(predictions.select(0, i)));
            grid.Place(canvas, i, 2, FigureJobs.Colourise(test.Masks.select(0, i)));
        }

        var fingerprint = job.KeyFingerprint!;
        var perImage = string.Join(", ", Enumerable.Range(0, n).Select(i =>
            $"{test.Ids[i]}: {(double.IsNaN(scores[i]) ? "no labelled pixels" : scores[i].ToString("F4", CultureInfo.InvariantCulture))}"));
        var caption = $"Job {entry.Id}: {MethodRegistry.Display(job.Method)} with M = {job.BlockSize} and key {fingerprint} "
            + $"(the best finished protected job of the smallest block size; mean IoU on the test set {entry.Metrics!.Evaluations.Correct!.MeanIou.ToString("F4", CultureInfo.InvariantCulture)}). "
            + $"Columns: the input as the model sees it (transformed with the job's key), the prediction and the ground truth, in the VOC palette"
            + $"{(grid.Scale > 1 ? $"; {size}×{size} px shown enlarged {grid.Scale}×" : "")}. Per-image mean IoU — {perImage}.";
        return new Fig5(canvas.ToImage(), grid, entry.Id, job.Method, job.BlockSize.Value, fingerprint, test.Ids.ToList(), scores, caption);
    }
}
