using System.Text.Json;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Imaging;

namespace Pipeline.Reports.Tests;

/// <summary>
/// A hand-made results folder with known numbers: a baseline, SHF at M = 2 (two keys), 4 and 8 (pending),
/// NP at M = 2, 4 (failed) and 8 (running). Pending jobs carry a seed in job.yaml and status.json, as a
/// careless writer might, so tests can check that no report ever shows it.
/// </summary>
public sealed class ResultsFixture : IDisposable
{
    public const string Seed = "918273645";

    private readonly string root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pipeline-reports-" + Guid.NewGuid().ToString("N"));

    public ResultsFixture(bool withFigures = false)
    {
        Path = System.IO.Path.Combine(root, "results", "paper-grid");
        Metrics("base01", Job("baseline", null, null), plain: 0.7000);
        Status("base01", """{"state": "finished", "attempts": 1, "started": "2026-11-20T10:00:00Z", "finished": "2026-11-20T11:02:03Z", "device": "cuda:0"}""");
        Metrics("shf2a", Job("shf", 2, "aaaa11112222"), plain: 0.0500, correct: 0.6500, incorrect: Wrong(100, 100, 0.0400, 0.0100, 0.0200, 0.0600));
        Metrics("shf2b", Job("shf", 2, "bbbb33334444"), plain: 0.0700, correct: 0.6700, incorrect: Wrong(100, 100, 0.0600, 0.0100, 0.0300, 0.0900));
        Metrics("shf4a", Job("shf", 4, "aaaa11112222"), plain: 0.1000, correct: 0.6000, incorrect: Wrong(100, 24, 0.1500, 0.0200, 0.1000, 0.2000));
        File("shf8a", "job.yaml", $"method: shf\nblock_size: 8\nkey:\n  seed: {Seed}\n  fingerprint: cccc55556666\n");
        Status("shf8a", $$"""{"state": "pending", "attempts": 0, "seed": {{Seed}}, "future_field": {"x": [1, 2]} }""");
        Metrics("np2a", Job("np", 2, "eeee99990000"), plain: 0.3000, correct: 0.6216, incorrect: Wrong(100, 100, 0.2500, 0.0300, 0.2000, 0.3100));
        Status("np4a", """{"state": "failed", "attempts": 3, "failure_kind": "out_of_memory", "message": "CUDA out of memory", "method": "np", "block_size": 4, "key_fingerprint": "dddd77778888"}""");
        File("np8a", "job.yaml", "method: np\nblock_size: 8\nkey_fingerprint: ffff12341234\n");
        Status("np8a", """{"state": "running", "attempts": 1, "started": "2026-11-20T12:00:00Z", "device": "cuda:1"}""");
        System.IO.File.WriteAllText(System.IO.Path.Combine(Path, "run.json"), $$"""
            {"git_commit": "0bb1016abc", "libtorch_version": "2.11.0", "cuda_version": "13.0", "seed": {{Seed}},
             "devices": ["NVIDIA H100 80GB HBM3", "NVIDIA H100 80GB HBM3"], "started": "2026-11-20T10:00:00Z", "finished": null}
            """);
        if (!withFigures) return;
        foreach (var figure in new[] { "fig4.png", "fig5.png" }) Png.WriteRgb(System.IO.Path.Combine(Path, figure), Gradient(64, 96));
    }

    /// <summary>results/paper-grid/ inside a fresh temporary folder.</summary>
    public string Path { get; }

    public string Read(string file) => System.IO.File.ReadAllText(System.IO.Path.Combine(Path, file));

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static (string Method, int? BlockSize, string? Fingerprint) Job(string method, int? m, string? fingerprint) => (method, m, fingerprint);

    private static IncorrectKeys Wrong(int requested, int evaluated, double mean, double std, double min, double max) => new()
    {
        Requested = requested, Evaluated = evaluated, Mean = mean, Std = std, Min = min, Max = max, Runs = [],
    };

    private void Metrics(string id, (string Method, int? BlockSize, string? Fingerprint) job, double plain, double? correct = null, IncorrectKeys? incorrect = null)
    {
        var metrics = new JobMetrics
        {
            JobId = id, Method = job.Method, BlockSize = job.BlockSize, KeyFingerprint = job.Fingerprint,
            Model = "fcn_resnet50", Dataset = "synthetic-voc", ImageSize = 256, ClassNames = ["background", "object"],
            Training = new TrainingSummary
            {
                Epochs = 2, BestEpoch = 2, BestValidationLoss = 0.5, Seconds = 60, ImagesPerSecond = 100,
                Device = "cuda:0", DeviceName = "NVIDIA H100 80GB HBM3", Precision = "bf16", History = [],
            },
            Evaluations = new Evaluations
            {
                Plain = Result(plain),
                Correct = correct is { } c ? Result(c) : null,
                Incorrect = incorrect,
            },
        };
        File(id, "metrics.json", JsonSerializer.Serialize(metrics, MetricsJson.Options));
    }

    private static EvaluationResult Result(double meanIou) => new()
    {
        MeanIou = meanIou, PixelAccuracy = 0.9, Iou = [meanIou, meanIou], Confusion = [[9, 1], [1, 9]],
    };

    private void Status(string id, string json) => File(id, "status.json", json);

    private void File(string id, string name, string text)
    {
        var folder = System.IO.Path.Combine(Path, "jobs", id);
        Directory.CreateDirectory(folder);
        System.IO.File.WriteAllText(System.IO.Path.Combine(folder, name), text);
    }

    private static RgbImage Gradient(int height, int width)
    {
        var pixels = new byte[height * width * 3];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var i = (y * width + x) * 3;
                (pixels[i], pixels[i + 1], pixels[i + 2]) = ((byte)(x * 255 / width), (byte)(y * 255 / height), 128);
            }
        return new RgbImage(height, width, pixels);
    }
}
