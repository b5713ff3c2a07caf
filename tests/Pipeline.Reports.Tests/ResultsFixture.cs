using Pipeline.Method.Attacks;
using Pipeline.Method.Data;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Imaging;
using Pipeline.Method.Keys;
using Pipeline.Method.Models;
using Pipeline.Method.Training;
using Pipeline.Orchestration.Jobs;

namespace Pipeline.Reports.Tests;

/// <summary>
/// A hand-made results folder with known numbers, written through the pipeline's own job folders: a baseline,
/// SHF at M = 2 (two keys), 4 and 8 (pending), NP at M = 2, 4 (failed) and 8 (running); every finished job has a
/// training history (<see cref="Histories"/>). Jobs are named here
/// (base01, shf2a, …) and found by <see cref="Id"/>. No job has its key.secret (as results shared without keys); the
/// pending SHF M = 8 job's fingerprint is <see cref="Seed"/>'s, and its status.json carries the seed, as a careless
/// writer might, so tests can check that no report ever shows it. With attacks: an fmp model (fmp1) and attacks on
/// SHF M = 2 (shf2a: fine-tuned on 25 %, finished, and on 50 %, pending; its key estimated, finished) and NP M = 2
/// (fine-tuning failed), fmp1's key estimation pending, and models from scratch on 25 % (finished) and 50 % (pending).
/// </summary>
public sealed class ResultsFixture : IDisposable
{
    public const string Seed = "918273645";

    /// <summary>Each finished job's (training loss, validation loss) per epoch, from epoch 1.</summary>
    public static readonly IReadOnlyDictionary<string, (double Train, double Validation)[]> Histories = new Dictionary<string, (double, double)[]>
    {
        ["base01"] = [(0.90, 1.00), (0.60, 0.70), (0.40, 0.55)],
        ["shf2a"] = [(1.10, 1.20), (0.80, 0.90), (0.70, 0.80)],
        ["shf2b"] = [(1.15, 1.25), (0.85, 0.95), (0.75, 0.85)],
        ["shf4a"] = [(1.30, 1.40), (1.00, 1.10), (0.90, 1.05)],
        ["np2a"] = [(1.20, 1.30), (0.95, 1.00)],
    };

    private readonly string root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pipeline-reports-" + Guid.NewGuid().ToString("N"));
    private readonly ExperimentFolder experiment;
    private readonly Dictionary<string, Job> jobs = new();

    /// <summary>The finished key estimation's best mean IoU on the query images after each query.</summary>
    public static readonly IReadOnlyList<double> SearchCurve = [0.10, 0.20, 0.20, 0.35];

    public ResultsFixture(bool withFigures = false, bool withAttacks = false)
    {
        Path = System.IO.Path.Combine(root, "results", "paper-grid");
        experiment = new ExperimentFolder(Path);
        // The secret first, as a run makes it: a folder with jobs but no secret cannot make one.
        experiment.Fingerprinter();
        Metrics(Save("base01", "baseline", null, null), plain: 0.7000);
        Status("base01", """{"state": "finished", "attempts": 1, "started": "2026-11-20T10:00:00Z", "finished": "2026-11-20T11:02:03Z", "device": "cuda:0"}""");
        Metrics(Save("shf2a", "shf", 2, 101), plain: 0.0500, correct: 0.6500, incorrect: Wrong(100, 100, 0.0400, 0.0100, 0.0200, 0.0600));
        Metrics(Save("shf2b", "shf", 2, 202), plain: 0.0700, correct: 0.6700, incorrect: Wrong(100, 100, 0.0600, 0.0100, 0.0300, 0.0900));
        Metrics(Save("shf4a", "shf", 4, 101), plain: 0.1000, correct: 0.6000, incorrect: Wrong(100, 24, 0.1500, 0.0200, 0.1000, 0.2000));
        Save("shf8a", "shf", 8, long.Parse(Seed));
        Status("shf8a", $$"""{"state": "pending", "attempts": 0, "seed": {{Seed}}, "future_field": {"x": [1, 2]} }""");
        Metrics(Save("np2a", "np", 2, 303), plain: 0.3000, correct: 0.6216, incorrect: Wrong(100, 100, 0.2500, 0.0300, 0.2000, 0.3100));
        Save("np4a", "np", 4, 404);
        Status("np4a", """{"state": "failed", "attempts": 3, "failure_kind": "oom", "message": "CUDA out of memory"}""");
        Save("np8a", "np", 8, 505);
        Status("np8a", """{"state": "running", "attempts": 1, "started": "2026-11-20T12:00:00Z", "device": "cuda:1"}""");
        System.IO.File.WriteAllText(experiment.RunFile, $$"""
            {"git_commit": "0bb1016abc", "libtorch_version": "2.11.0", "cuda_version": "13.0", "seed": {{Seed}},
             "devices": ["NVIDIA H100 80GB HBM3", "NVIDIA H100 80GB HBM3"], "started": "2026-11-20T10:00:00Z", "finished": null}
            """);
        if (withAttacks) Attacks();
        if (!withFigures) return;
        foreach (var figure in new[] { "fig4.png", "fig5.png" }) Png.WriteRgb(System.IO.Path.Combine(Path, figure), Gradient(64, 96));
    }

    /// <summary>results/paper-grid/ inside a fresh temporary folder.</summary>
    public string Path { get; }

    /// <summary>The id of the job named <paramref name="name"/> here (base01, shf2a, …).</summary>
    public string Id(string name) => jobs[name].Id;

    public string Fingerprint(string name) => ((KeyedModelJob)jobs[name]).Protection.KeyFingerprint;

    public string JobFile(string name, string file) => experiment.Job(Id(name)).File(file);

    public string Read(string file) => System.IO.File.ReadAllText(System.IO.Path.Combine(Path, file));

    public void Dispose() => Directory.Delete(root, recursive: true);

    private void Attacks()
    {
        Metrics(Save("fmp1", "fmp", null, 606, featureMaps: ["layer1"]), plain: 0.2000, correct: 0.5800, incorrect: Wrong(100, 100, 0.1800, 0.0200, 0.1500, 0.2200));
        var shf = jobs["shf2a"];
        Metrics(Save("ft-shf2a-25", "shf", 2, 101, FineTuning(0.25), shf.Id), plain: 0.4500, attack: new AttackMetrics { Kind = AttackKind.FineTuning, Target = shf.Id, Fraction = 0.25, TrainImages = 1 });
        Save("ft-shf2a-50", "shf", 2, 101, FineTuning(0.5), shf.Id);
        Save("ft-np2a-25", "np", 2, 303, FineTuning(0.25), jobs["np2a"].Id);
        Status("ft-np2a-25", """{"state": "failed", "attempts": 3, "failure_kind": "crash", "message": "exit code 134"}""");
        Metrics(Save("scratch-25", "baseline", null, null, new JobRecord.AttackRecord { Kind = AttackKind.FromScratch, Fraction = 0.25 }), plain: 0.3000,
            attack: new AttackMetrics { Kind = AttackKind.FromScratch, Fraction = 0.25, TrainImages = 1 });
        Save("scratch-50", "baseline", null, null, new JobRecord.AttackRecord { Kind = AttackKind.FromScratch, Fraction = 0.5 });
        var search = new JobRecord.AttackRecord { Kind = AttackKind.KeyEstimation, RandomKeys = 2, LocalQueries = 2, QueryImages = 1 };
        Metrics(Save("ke-shf2a", "shf", 2, 101, search, shf.Id), plain: 0.0500, correct: 0.6500, training: false, attack: new AttackMetrics
        {
            Kind = AttackKind.KeyEstimation, Target = shf.Id, RandomKeys = 2, LocalQueries = 2, QueryImages = 1, Curve = SearchCurve,
            QueryCorrect = 0.6600, QueryPlain = 0.0600, Estimated = Result(0.3300), KeyAgreement = 0.2500,
        });
        Save("ke-fmp1", "fmp", null, 606, search, jobs["fmp1"].Id, ["layer1"]);
    }

    private static JobRecord.AttackRecord FineTuning(double fraction) => new() { Kind = AttackKind.FineTuning, Fraction = fraction };

    private Job Save(string name, string method, int? blockSize, long? seed, JobRecord.AttackRecord? attack = null, string? target = null, string[]? featureMaps = null)
    {
        // Fingerprints only: without key.secret the image figures leave these jobs alone, as for results copied without keys.
        var job = new JobRecord
        {
            Method = method, BlockSize = blockSize, KeyFingerprint = seed is { } s ? experiment.Fingerprinter().Of(new SecretKey(s)) : null,
            KeyKind = seed is null ? null : KeyKind.Seed, Attack = attack, Target = target, FeatureMaps = featureMaps,
            Dataset = new DatasetSettings { Kind = DatasetKind.Voc, Path = "data/VOCdevkit/VOC2012", ImageSize = 256, Classes = 2 },
            Model = new ModelSettings { Arch = "fcn_resnet50" },
            Training = new TrainingRecipe { Epochs = 2, BatchSize = 4, Lr = 0.1 },
            Evaluation = new EvaluationSettings(),
        };
        jobs[name] = job.ToJob();
        experiment.Save(jobs[name]);
        return jobs[name];
    }

    private static IncorrectKeys Wrong(int requested, int evaluated, double mean, double std, double min, double max) => new()
    {
        Requested = requested, Evaluated = evaluated, Mean = mean, Std = std, Min = min, Max = max, Runs = [],
    };

    private void Metrics(Job job, double plain, double? correct = null, IncorrectKeys? incorrect = null, bool training = true, AttackMetrics? attack = null) =>
        experiment.Job(job.Id).WriteMetrics(JobMetrics.Of(job, ["background", "object"], new Evaluations
        {
            Plain = Result(plain),
            Correct = correct is { } c ? Result(c) : null,
            Incorrect = incorrect,
        }) with
        {
            Attack = attack,
            Training = !training ? null : new TrainingSummary
            {
                Epochs = 2, BestEpoch = 2, BestValidationLoss = 0.5, Seconds = 60, ImagesPerSecond = 100,
                Device = "cuda:0", DeviceName = "NVIDIA H100 80GB HBM3", Precision = "bf16",
                History = Histories.GetValueOrDefault(jobs.Single(j => j.Value == job).Key, [(0.95, 1.05), (0.75, 0.85)]).Select((e, k) => new EpochRecord(k + 1, e.Train, e.Validation, 0.1, 30)).ToList(),
            },
        });

    private static EvaluationResult Result(double meanIou) => new()
    {
        MeanIou = meanIou, PixelAccuracy = 0.9, Iou = [meanIou, meanIou], Confusion = [[9, 1], [1, 9]],
    };

    private void Status(string name, string json) => System.IO.File.WriteAllText(JobFile(name, JobFolder.StatusFile), json);

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
