using Pipeline.Method;
using System.Text.Json;
using Pipeline.Method.Data;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Keys;
using Pipeline.Method.Models;
using Pipeline.Method.Training;
using Pipeline.Method.Transforms;
using Pipeline.Orchestration.Jobs;
using Pipeline.Orchestration.Running;
using Pipeline.Tests.Shared;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Orchestration.Tests;

/// <summary>Tiny real jobs on the CPU: ResNet-18 FCN on 64×64 synthetic images.</summary>
[Collection(ProcessWideCollection.Name)]
public class TrainingRunnerTests : IDisposable
{
    private readonly string top = Directory.CreateTempSubdirectory("job-test-").FullName;
    private readonly ExperimentFolder experiment;
    // The experiment's jobs folder: every job of these tests has its folder there, beside the fingerprint secret.
    private readonly string root;

    public TrainingRunnerTests()
    {
        experiment = new ExperimentFolder(Path.Combine(top, "e"));
        root = Directory.CreateDirectory(experiment.JobsDirectory).FullName;
    }

    public void Dispose() => Directory.Delete(top, recursive: true);

    private Job Tiny(string method = "shf", int epochs = 3, double lr = 0.02, int? blockSize = 8, int batch = 8, int train = 24, string[]? featureMaps = null)
    {
        var baseline = method == ProtectionMethod.Baseline;
        var job = new JobRecord
        {
            Method = method,
            BlockSize = baseline ? null : blockSize,
            KeyFingerprint = baseline ? null : experiment.Fingerprinter().Of(new SecretKey(1234)),
            FeatureMaps = featureMaps,
            Dataset = new DatasetSettings { Kind = DatasetKind.Synthetic, ImageSize = 64, Train = train, Val = 8, Test = 8, Seed = 3 },
            Model = new ModelSettings { Arch = "fcn_resnet18" },
            Training = new TrainingRecipe { Epochs = epochs, BatchSize = batch, Lr = lr, WeightDecay = 0.005, RestartEpochs = 10, MinLr = 1e-4, Seed = 5 },
            Evaluation = new EvaluationSettings { IncorrectKeys = 3, BatchSize = 8 },
        }.ToJob();
        return job is MethodJob model ? model with { Protection = model.Protection with { Key = new SecretKey(1234) } } : job;
    }

    private static TrainingRunner On(Job job, string folder) => new(job, new JobFolder(folder), DeviceId.CPU, _ => { });

    // Stops in the middle of the second epoch: the checkpoint then holds a partial epoch.
    private static void StopInTheSecondEpoch(Job definition, string folder)
    {
        using var stop = new CancellationTokenSource();
        var job = new TrainingRunner(definition, new JobFolder(folder), DeviceId.CPU, _ => { })
        {
            BatchCompleted = (epoch, batch, _) => { if (epoch == 1 && batch == 0) stop.Cancel(); },
        };
        Assert.ThrowsAny<OperationCanceledException>(() => job.Run(stop.Token));
    }

    // An uninterrupted two-epoch job in "straight", and the same job stopped in its second epoch in the folder named.
    private (JobMetrics Straight, string Folder) StraightAndStopped(string name)
    {
        var straight = On(Tiny(epochs: 2), Path.Combine(root, "straight")).Run(CancellationToken.None);
        var folder = Path.Combine(root, name);
        StopInTheSecondEpoch(Tiny(epochs: 2), folder);
        return (straight, folder);
    }

    [Fact]
    public void ProtectedJobWritesMetricsWeightsAndBeatsAConstantPredictor()
    {
        var folder = Path.Combine(root, "job");
        var definition = Tiny("np", epochs: 6, lr: 0.05, blockSize: 4, batch: 4, train: 32);
        // Three classes (background, disc, square), which a few epochs learn well: the margin below must not depend on the CPU.
        definition = definition with { Settings = definition.Settings with { Dataset = definition.Dataset with { Classes = 3 } } };
        var metrics = On(definition, folder).Run(CancellationToken.None);

        var written = JsonSerializer.Deserialize<JobMetrics>(File.ReadAllText(Path.Combine(folder, JobFolder.MetricsFile)), JsonFiles.Options)!;
        Assert.Equal(metrics.Evaluations.Correct!.MeanIou, written.Evaluations.Correct!.MeanIou);
        Assert.Equal(experiment.Fingerprinter().Of(new SecretKey(1234)), written.KeyFingerprint);
        Assert.DoesNotContain("1234", File.ReadAllText(Path.Combine(folder, JobFolder.MetricsFile)).Replace(written.JobId, ""));
        Assert.Equal(6, written.Training!.History.Count);
        Assert.InRange(written.Training!.BestEpoch, 1, 6);
        Assert.Equal(3, written.Evaluations.Incorrect!.Evaluated);
        Assert.False(File.Exists(Path.Combine(folder, JobFolder.CheckpointFile)));

        // The best constant predictor outputs the validation labels' class frequencies everywhere; its mean
        // cross-entropy is their entropy. A model that learned has a far lower validation loss.
        using (var data = DatasetLoader.Load(definition.Dataset, root))
        {
            var labels = data.Validation.Masks.ToArray<byte>().Where(v => v != 255).ToArray();
            var entropy = labels.GroupBy(v => v).Select(g => (double)g.Count() / labels.Length).Sum(p => -p * Math.Log(p));
            // Measured: 0.27 against 0.44 (61 %); an untrained or broken model stays near 100 %.
            Assert.True(written.Training!.BestValidationLoss < 0.85 * entropy,
                        $"validation loss {written.Training!.BestValidationLoss:F4} is not well below the constant predictor's {entropy:F4}");
        }
        Assert.True(written.Training!.History[^1].TrainLoss < written.Training!.History[0].TrainLoss);

        using var scope = NewDisposeScope();
        Assert.Contains("classifier.4.weight", Safetensors.Load(Path.Combine(folder, JobFolder.WeightsFile)).Keys);
    }

    [Fact]
    public void AnFmpJobTrainsWithItsPermutationAndIsTestedWithoutAndWithWrongOnes()
    {
        var job = Tiny("fmp", epochs: 6, lr: 0.01, blockSize: null, batch: 4, train: 32, featureMaps: ["layer1"]);
        var log = new List<string>();
        var metrics = new TrainingRunner(job, new JobFolder(Path.Combine(root, "fmp")), DeviceId.CPU, log.Add).Run(CancellationToken.None);

        Assert.Null(metrics.BlockSize);
        Assert.NotNull(metrics.Evaluations.Correct);
        Assert.Equal(3, metrics.Evaluations.Incorrect!.Evaluated);
        Assert.Contains(log, l => l.StartsWith($"job {job.Id}: fmp key {((MethodJob)job).Protection.KeyFingerprint}", StringComparison.Ordinal));

        // The saved model was selected with its key's permutation in place (the same validation loss), and
        // without the permutation it does worse on the same images: it learned the permuted feature maps.
        using var scope = NewDisposeScope();
        using var data = DatasetLoader.Load(job.Dataset, root);
        using var model = FcnResNet.From(job.Model, job.Dataset.Classes);
        model.load_state_dict_checked(Safetensors.Load(Path.Combine(root, "fmp", JobFolder.WeightsFile)));
        using var protection = ((MethodJob)job).Protection.Setting(model.Depth).Protect(((MethodJob)job).Protection.RequiredKey);
        var trainer = new Trainer(model, job.Training, DeviceId.CPU, job.Evaluation.BatchSize);
        var input = new InputPipeline(null, channelsLast: false);
        protection.Attach(model);
        var withKey = trainer.ValidationLoss(data.Validation, input);
        Protection.Plain.Attach(model);
        var withoutKey = trainer.ValidationLoss(data.Validation, input);
        Assert.Equal(metrics.Training!.BestValidationLoss, withKey, 4);
        Assert.True(withoutKey > withKey, $"without the permutation {withoutKey:F4}, with it {withKey:F4}");
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(60, false)]
    public void EpochsCheckpointOnlyOnceTheIntervalHasPassed(int minutes, bool expected)
    {
        var folder = Path.Combine(root, $"interval-{minutes}");
        var definition = Tiny(epochs: 2, train: 16);
        var seen = new List<bool>();
        var job = new TrainingRunner(definition.WithTraining(definition.Training with { CheckpointMinutes = minutes }), new JobFolder(folder), DeviceId.CPU, _ => { })
        {
            BatchCompleted = (epoch, batch, _) => { if (epoch == 1 && batch == 0) seen.Add(File.Exists(Path.Combine(folder, JobFolder.CheckpointFile))); },
        };
        job.Run(CancellationToken.None);

        Assert.Equal([expected], seen);
        Assert.False(File.Exists(Path.Combine(folder, JobFolder.CheckpointFile)), "a finished job deletes its checkpoint");
    }

    [Fact]
    public void AResumedJobEqualsAnUninterruptedOne()
    {
        var (straight, folder) = StraightAndStopped("resumed");
        Assert.True(File.Exists(Path.Combine(folder, JobFolder.CheckpointFile)));
        var resumed = On(Tiny(epochs: 2), folder).Run(CancellationToken.None);

        Assert.Equal(straight.Training!.History.Select(h => h.TrainLoss), resumed.Training!.History.Select(h => h.TrainLoss));
        Assert.Equal(straight.Training!.History.Select(h => h.ValidationLoss), resumed.Training!.History.Select(h => h.ValidationLoss));
        Assert.Equal(straight.Evaluations.Correct!.Confusion, resumed.Evaluations.Correct!.Confusion);
        using var scope = NewDisposeScope();
        var a = Safetensors.Load(Path.Combine(root, "straight", JobFolder.WeightsFile));
        var b = Safetensors.Load(Path.Combine(folder, JobFolder.WeightsFile));
        foreach (var (name, tensor) in a) Assert.True(tensor.eq(b[name]).all().item<bool>(), $"{name} differs after resume");
    }

    [Fact]
    public void ACheckpointInTheFirstFormatResumesAsAnUninterruptedJob()
    {
        var (straight, folder) = StraightAndStopped("format-1");
        var checkpoint = Path.Combine(folder, JobFolder.CheckpointFile);
        var progress = TrainingCheckpoint.ReadProgress(checkpoint);
        // As the pipeline wrote checkpoints before they had a format: a metadata entry per field of the progress.
        var format1 = new Dictionary<string, string>
        {
            ["epoch"] = progress.Epoch.ToString(),
            ["batch"] = progress.Batch.ToString(),
            ["epoch_loss_sum"] = progress.EpochLossSum.ToString("R"),
            ["epoch_images"] = progress.EpochImages.ToString(),
            ["best_epoch"] = progress.BestEpoch.ToString(),
            ["best_validation_loss"] = progress.BestValidationLoss.ToString("R"),
            ["seconds"] = progress.Seconds.ToString("R"),
            ["history"] = JsonSerializer.Serialize(progress.History, JsonFiles.Options),
            ["micro_batch"] = progress.MicroBatch!.Value.ToString(),
        };
        using (var scope = NewDisposeScope()) Safetensors.Save(checkpoint, Safetensors.Load(checkpoint), format1);

        var read = TrainingCheckpoint.ReadProgress(checkpoint);
        Assert.Equal(progress with { History = [] }, read with { History = [] });
        Assert.Equal(progress.History, read.History);
        var log = new List<string>();
        var resumed = new TrainingRunner(Tiny(epochs: 2), new JobFolder(folder), DeviceId.CPU, log.Add).Run(CancellationToken.None);

        Assert.DoesNotContain(log, l => l.StartsWith("warning:", StringComparison.Ordinal));
        Assert.Equal(straight.Training!.History.Select(h => h.TrainLoss), resumed.Training!.History.Select(h => h.TrainLoss));
        Assert.Equal(straight.Training!.History.Select(h => h.ValidationLoss), resumed.Training!.History.Select(h => h.ValidationLoss));
        Assert.Equal(straight.Evaluations.Correct!.Confusion, resumed.Evaluations.Correct!.Confusion);
    }

    [Fact]
    public void ACheckpointOfAnUnknownFormatIsNamedSetAsideAndTheJobTrainsFromScratch()
    {
        var straight = On(Tiny(epochs: 1), Path.Combine(root, "straight")).Run(CancellationToken.None);
        var folder = Path.Combine(root, "format-3");
        Directory.CreateDirectory(folder);
        var checkpoint = Path.Combine(folder, JobFolder.CheckpointFile);
        using (var scope = NewDisposeScope())
        using (var model = FcnResNet.FromName("fcn_resnet18", 21))
            Safetensors.Save(checkpoint, new OrderedDictionary<string, Tensor>(model.state_dict().Select(kv => KeyValuePair.Create("model." + kv.Key, kv.Value))),
                             new Dictionary<string, string> { ["format"] = "3", ["progress"] = "{}" });

        var log = new List<string>();
        var rerun = new TrainingRunner(Tiny(epochs: 1), new JobFolder(folder), DeviceId.CPU, log.Add).Run(CancellationToken.None);

        var warning = Assert.Single(log, l => l.StartsWith("warning:", StringComparison.Ordinal));
        Assert.StartsWith($"warning: the checkpoint cannot be used ({checkpoint}: checkpoint format 3 is unknown", warning);
        Assert.EndsWith("moved to checkpoint.safetensors.damaged); training from scratch", warning);
        Assert.True(File.Exists(checkpoint + ".damaged"));
        Assert.Equal(straight.Training!.History.Select(h => h.TrainLoss), rerun.Training!.History.Select(h => h.TrainLoss));
    }

    [Fact]
    public void ATruncatedCheckpointIsSetAsideAndTheJobTrainsFromScratch()
    {
        var (straight, folder) = StraightAndStopped("damaged");
        var checkpoint = Path.Combine(folder, JobFolder.CheckpointFile);
        var bytes = File.ReadAllBytes(checkpoint);
        File.WriteAllBytes(checkpoint, bytes[..(bytes.Length / 2)]);

        var log = new List<string>();
        var rerun = new TrainingRunner(Tiny(epochs: 2), new JobFolder(folder), DeviceId.CPU, log.Add).Run(CancellationToken.None);

        var warning = Assert.Single(log, l => l.StartsWith("warning:", StringComparison.Ordinal));
        Assert.True(warning.StartsWith($"warning: the checkpoint cannot be used ({checkpoint}: ", StringComparison.Ordinal), warning);
        Assert.Contains("truncated", warning);
        Assert.EndsWith("moved to checkpoint.safetensors.damaged); training from scratch", warning);
        Assert.Equal(bytes.Length / 2, new FileInfo(checkpoint + ".damaged").Length);
        // From scratch means exactly as a job that never had a checkpoint.
        Assert.Equal(straight.Training!.History.Select(h => h.TrainLoss), rerun.Training!.History.Select(h => h.TrainLoss));
        Assert.Equal(straight.Evaluations.Correct!.Confusion, rerun.Evaluations.Correct!.Confusion);
    }

    [Fact]
    public void ACheckpointSetAsideIsRemovedOnceTheJobFinishes()
    {
        var folder = experiment.Save(Tiny(epochs: 1));
        File.WriteAllText(folder.Checkpoint, "not a checkpoint");

        var exit = new JobProcess(folder.Path, DeviceId.CPU, TextWriter.Null).Run(CancellationToken.None);

        Assert.Equal(ExitCodes.Finished, exit);
        Assert.Contains("the checkpoint cannot be used", File.ReadAllText(Path.Combine(folder.File(JobFolder.LogsFolder), "attempt-1.log")));
        // Kept for a look while the job ran; a finished job needs it no more (a ResNet-50's is about 400 MB).
        Assert.False(File.Exists(folder.Checkpoint + ".damaged"));
        Assert.False(File.Exists(folder.Checkpoint));
    }

    [Fact]
    public void ACheckpointOfAnotherModelChangesNothingAndIsSetAside()
    {
        var straight = On(Tiny(epochs: 1), Path.Combine(root, "straight")).Run(CancellationToken.None);
        var folder = Path.Combine(root, "other-model");
        Directory.CreateDirectory(folder);
        using (var scope = NewDisposeScope())
        using (var other = nn.Linear(3, 2))
            Safetensors.Save(Path.Combine(folder, JobFolder.CheckpointFile), new OrderedDictionary<string, Tensor>(
                other.state_dict().Select(kv => KeyValuePair.Create("model." + kv.Key, kv.Value))), new Dictionary<string, string>
            {
                ["epoch"] = "1", ["batch"] = "0", ["epoch_loss_sum"] = "0", ["epoch_images"] = "0", ["best_epoch"] = "0",
                ["best_validation_loss"] = "1", ["seconds"] = "0", ["history"] = "[]",
            });

        var log = new List<string>();
        var rerun = new TrainingRunner(Tiny(epochs: 1), new JobFolder(folder), DeviceId.CPU, log.Add).Run(CancellationToken.None);

        Assert.Contains(log, l => l.StartsWith("warning: the checkpoint cannot be used", StringComparison.Ordinal));
        Assert.Equal(straight.Training!.History.Select(h => h.TrainLoss), rerun.Training!.History.Select(h => h.TrainLoss));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("other-model")]
    [InlineData("missing")]
    public void UnusableInitialWeightsFailTheJobNamingTheFile(string kind)
    {
        var weights = Path.Combine(top, "init.safetensors");
        if (kind != "missing")
        {
            using var scope = NewDisposeScope();
            using var model = kind == "truncated" ? (nn.Module)FcnResNet.FromName("fcn_resnet18", 21) : nn.Linear(3, 2);
            Safetensors.Save(weights, new OrderedDictionary<string, Tensor>(model.state_dict()));
            if (kind == "truncated") File.WriteAllBytes(weights, File.ReadAllBytes(weights)[..1000]);
        }
        var tiny = Tiny(epochs: 1);
        var job = tiny with { Settings = tiny.Settings with { Model = new ModelSettings { Arch = "fcn_resnet18", Pretrained = weights } } };

        var error = Assert.Throws<JobInputException>(() => On(job, Path.Combine(root, kind)).Run(CancellationToken.None));
        Assert.StartsWith(weights, error.Message);
        Assert.Throws<JobInputException>(() => TrainingRunner.CheckInputs(job));
    }

    [Fact]
    public void AutomaticAccumulationTriesTheWholeBatchAndLeavesNoTrace()
    {
        // On the CPU the whole batch fits, so "auto" trains exactly as one pass per batch does: the trial pass must not
        // have moved batch norm's statistics or left gradients behind.
        var fixedJob = Tiny(epochs: 2);
        var chosen = new List<string>();
        var auto = new TrainingRunner(fixedJob.WithTraining(fixedJob.Training with { Accumulate = GradientAccumulation.Auto }), new JobFolder(Path.Combine(root, "auto")),
                                       DeviceId.CPU, chosen.Add).Run(CancellationToken.None);
        var once = On(fixedJob, Path.Combine(root, "fixed")).Run(CancellationToken.None);

        Assert.DoesNotContain(chosen, line => line.Contains("images per pass"));
        Assert.Equal(once.Training!.History.Select(h => h.TrainLoss), auto.Training!.History.Select(h => h.TrainLoss));
        Assert.Equal(once.Evaluations.Correct!.Confusion, auto.Evaluations.Correct!.Confusion);
    }

    [Fact]
    public void AMicroBatchLimitSplitsTheBatchAndAResumedRunKeepsIt()
    {
        var folder = Path.Combine(root, "limited");
        var log = new List<string>();
        using (var stop = new CancellationTokenSource())
        {
            var job = new TrainingRunner(Tiny(epochs: 2), new JobFolder(folder), DeviceId.CPU, log.Add)
            {
                MicroBatchLimit = 3,
                BatchCompleted = (epoch, batch, _) => { if (epoch == 1 && batch == 0) stop.Cancel(); },
            };
            Assert.ThrowsAny<OperationCanceledException>(() => job.Run(stop.Token));
        }
        Assert.Contains("3 images per pass, accumulated to batches of 8", log);
        Assert.Equal(3, TrainingCheckpoint.ReadProgress(Path.Combine(folder, JobFolder.CheckpointFile)).MicroBatch);

        log.Clear();
        new TrainingRunner(Tiny(epochs: 2), new JobFolder(folder), DeviceId.CPU, log.Add).Run(CancellationToken.None);
        Assert.Contains("3 images per pass, accumulated to batches of 8", log);
    }

    /// <summary>
    /// channels_last: true takes the GPU's path on the CPU (NHWC weights and inputs) and trains a model as good as NCHW's.
    /// Not the same model to float tolerance: with the head's dropout at 0 the two stay within 3 %, with it they drift
    /// further apart over a few steps of this tiny model; the SGD step itself is compared to 1e-5 in ChannelsLastTests.
    /// </summary>
    [Fact]
    public void AChannelsLastJobTrainsAsTheNchwJobDoes()
    {
        var nchw = Tiny(epochs: 2);
        var log = new List<string>();
        var nhwc = new TrainingRunner(nchw.WithTraining(nchw.Training with { ChannelsLast = true }), new JobFolder(Path.Combine(root, "nhwc")),
                                       DeviceId.CPU, log.Add).Run(CancellationToken.None);
        var plain = On(nchw, Path.Combine(root, "nchw")).Run(CancellationToken.None);

        Assert.Contains("precision: fp32 as configured; channels-last on cpu", log);
        Assert.True(CudnnBenchmark.Enabled, "a job trains with cuDNN's autotuner on, as the bench measures it");
        // The first epoch starts from the same weights: its loss is the same but for rounding (4e-5 apart where measured).
        var (first, firstNhwc) = (plain.Training!.History[0].TrainLoss, nhwc.Training!.History[0].TrainLoss);
        Assert.True(Math.Abs(first - firstNhwc) <= 1e-3 * first, $"first epoch's train loss: NHWC {firstNhwc}, NCHW {first}");
        // Then the runs drift apart (up to 3.7 % where measured), to models equally good.
        foreach (var (a, b) in plain.Training.History.Zip(nhwc.Training.History))
        {
            Assert.True(Math.Abs(a.TrainLoss - b.TrainLoss) <= 0.15 * a.TrainLoss, $"epoch {a.Epoch} train loss: NHWC {b.TrainLoss}, NCHW {a.TrainLoss}");
            Assert.True(Math.Abs(a.ValidationLoss - b.ValidationLoss) <= 0.15 * a.ValidationLoss, $"epoch {a.Epoch} validation loss: NHWC {b.ValidationLoss}, NCHW {a.ValidationLoss}");
        }
        Assert.Equal(plain.Evaluations.Correct!.MeanIou, nhwc.Evaluations.Correct!.MeanIou, 0.05);
    }

    /// <summary>
    /// precision: bf16 on the CPU: bf16 autocast where this CPU's bf16 arithmetic agrees with fp32 (the log and
    /// metrics.json say which), and a model that trains about as the fp32 one does.
    /// </summary>
    [Fact]
    public void ABf16JobOnTheCpuComputesInBf16WhereItsArithmeticIsTrustworthy()
    {
        var fp32 = Tiny(epochs: 2);
        var log = new List<string>();
        var bf16 = new TrainingRunner(fp32.WithTraining(fp32.Training with { Precision = Precision.Bf16 }), new JobFolder(Path.Combine(root, "bf16")),
                                       DeviceId.CPU, log.Add).Run(CancellationToken.None);
        var full = On(fp32, Path.Combine(root, "fp32")).Run(CancellationToken.None);

        var verdict = BFloat16Check.On(DeviceId.CPU);
        Assert.Equal(verdict.Trustworthy ? "bf16" : "fp32", bf16.Training!.Precision);
        Assert.Contains(log, l => l.StartsWith("precision: ", StringComparison.Ordinal) && l.Contains(verdict.Detail));
        foreach (var (a, b) in full.Training!.History.Zip(bf16.Training.History))
            Assert.True(Math.Abs(a.TrainLoss - b.TrainLoss) <= 0.05 * a.TrainLoss, $"bf16 train loss {b.TrainLoss}, fp32 {a.TrainLoss}");
    }

    [Fact]
    public void AnExplodingLossStopsTheJobWithADiagnostic()
    {
        var error = Assert.Throws<NonFiniteLossException>(() =>
            On(Tiny(epochs: 2, lr: 1e30), Path.Combine(root, "nan")).Run(CancellationToken.None));
        Assert.Contains("learning rate", error.Message);
        Assert.Equal(1, error.Epoch);
    }

    [Fact]
    public void BaselineIsEvaluatedOnPlainImagesOnly()
    {
        var metrics = On(Tiny(ProtectionMethod.Baseline, epochs: 1), Path.Combine(root, "baseline")).Run(CancellationToken.None);
        Assert.Null(metrics.Evaluations.Correct);
        Assert.Null(metrics.Evaluations.Incorrect);
        Assert.Null(metrics.KeyFingerprint);
        Assert.InRange(metrics.Evaluations.Plain.PixelAccuracy, 0, 1);
    }
}
