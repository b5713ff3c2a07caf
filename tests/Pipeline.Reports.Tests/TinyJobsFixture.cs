using Pipeline.Method.Data;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Keys;
using Pipeline.Method.Models;
using Pipeline.Method.Training;
using Pipeline.Method.Transforms;
using Pipeline.Orchestration.Jobs;
using Pipeline.Orchestration.Running;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Reports.Tests;

/// <summary>
/// A tiny real results folder: the baseline and four protected jobs run in-process to the end on the CPU (ResNet-18
/// FCN, one epoch on 32 px synthetic images) — SHF M=2, NP M=2, NP M=4, FFX M=4 and fmp (layer1) — and a pending
/// SHF M=8 job (job.yaml and key.secret only), then <c>Report.Write</c>.
/// </summary>
public sealed class TinyJobsFixture : IDisposable
{
    public const int ImageSize = 32, TestImages = 4, DatasetSeed = 3;
    public static readonly (string Method, int BlockSize, long Seed, bool Run)[] Jobs =
    [
        ("shf", 2, 424242424, true),
        ("np", 2, 313131313, true),
        ("np", 4, 515151515, true),
        ("ffx", 4, 616161616, true),
        ("shf", 8, 717171717, false),
    ];

    public const long FmpSeed = 818181818;

    private readonly string root = Directory.CreateTempSubdirectory("pipeline-report-figures-").FullName;

    public TinyJobsFixture()
    {
        Path = System.IO.Path.Combine(root, "results", "tiny");
        var store = new ExperimentFolder(System.IO.Path.Combine(root, "results"), "tiny");
        BaselineId = Run(store.Save(Spec(ProtectionMethod.Baseline, null, null, store.Fingerprinter())), "baseline");
        foreach (var (method, m, seed, run) in Jobs)
        {
            var folder = store.Save(Spec(method, m, seed, store.Fingerprinter()));
            JobIds[(method, m)] = run ? Run(folder, $"{method} M={m}") : System.IO.Path.GetFileName(folder.Path);
        }
        FmpId = Run(store.Save(Spec("fmp", null, FmpSeed, store.Fingerprinter())), "fmp");
        Written = Report.Write(Path);
    }

    /// <summary>results/tiny/ in a fresh temporary folder.</summary>
    public string Path { get; }
    public Dictionary<(string Method, int BlockSize), string> JobIds { get; } = new();
    public string BaselineId { get; }
    public string FmpId { get; }
    public IReadOnlyList<string> Written { get; }

    public static SecretKey KeyOf(string method, int blockSize) => new(Jobs.Single(j => j.Method == method && j.BlockSize == blockSize).Seed);

    /// <summary>The key's fingerprint in this results folder.</summary>
    public string FingerprintOf(string method, int blockSize) => new ExperimentFolder(Path).Fingerprinter().Of(KeyOf(method, blockSize));

    /// <summary>A job of the tiny experiment; the baseline has neither block size nor key.</summary>
    public static Job Spec(string method, int? blockSize, long? seed, KeyFingerprinter fingerprints)
    {
        var job = new JobRecord
        {
            Method = method,
            BlockSize = blockSize,
            KeyFingerprint = seed is { } s ? fingerprints.Of(new SecretKey(s)) : null,
            FeatureMaps = method == "fmp" ? ["layer1"] : null,
            Dataset = new DatasetSettings { Kind = DatasetKind.Synthetic, ImageSize = ImageSize, Classes = 21, Train = 8, Val = 2, Test = TestImages, Seed = DatasetSeed },
            Model = new ModelSettings { Arch = "fcn_resnet18" },
            Training = new TrainingRecipe { Epochs = 1, BatchSize = 4, Lr = 0.01, WeightDecay = 1e-4, RestartEpochs = 1, Seed = 5 },
            Evaluation = new EvaluationSettings { IncorrectKeys = 2, BatchSize = 4 },
        }.ToJob();
        return job is MethodJob model && seed is { } k ? model with { Protection = model.Protection with { Key = new SecretKey(k) } } : job;
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static string Run(JobFolder folder, string label)
    {
        var exit = new JobProcess(folder.Path, DeviceId.CPU, TextWriter.Null).Run(CancellationToken.None);
        if (exit != ExitCodes.Finished) throw new InvalidOperationException($"tiny job {label} ended with exit code {exit}");
        return System.IO.Path.GetFileName(folder.Path);
    }
}
