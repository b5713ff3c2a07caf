using System.Text.Json;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Jobs;
using Pipeline.Method.Keys;
using Pipeline.Method.Training;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Method.Tests;

/// <summary>Tiny real jobs on the CPU: ResNet-18 FCN on 64×64 synthetic images.</summary>
[Collection(GlobalGeneratorCollection.Name)]
public class SegmentationJobTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("job-test-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static JobDefinition Tiny(string method = "shf", int epochs = 3, double lr = 0.02, int blockSize = 8, int batch = 8, int train = 24) => new()
    {
        JobId = "test" + method,
        Method = method,
        BlockSize = method == JobDefinition.BaselineMethod ? null : blockSize,
        Key = method == JobDefinition.BaselineMethod ? null : new SecretKey(1234),
        Dataset = new DatasetDefinition { Kind = "synthetic", ImageSize = 64, Train = train, Validation = 8, Test = 8, Seed = 3 },
        Model = "fcn_resnet18",
        Recipe = new TrainingRecipe { Epochs = epochs, BatchSize = batch, LearningRate = lr, RestartEpochs = 10, Seed = 5, EvaluationBatchSize = 8 },
        IncorrectKeys = 3,
        Device = DeviceId.CPU,
    };

    [Fact]
    public void ProtectedJobWritesMetricsWeightsAndBeatsAConstantPredictor()
    {
        var folder = Path.Combine(root, "job");
        var metrics = new SegmentationJob(Tiny("np", epochs: 6, lr: 0.01, blockSize: 4, batch: 4, train: 32), folder, _ => { }).Run(CancellationToken.None);

        var written = JsonSerializer.Deserialize<JobMetrics>(File.ReadAllText(Path.Combine(folder, SegmentationJob.MetricsFile)), MetricsJson.Options)!;
        Assert.Equal(metrics.Evaluations.Correct!.MeanIou, written.Evaluations.Correct!.MeanIou);
        Assert.Equal(new SecretKey(1234).Fingerprint, written.KeyFingerprint);
        Assert.DoesNotContain("1234", File.ReadAllText(Path.Combine(folder, SegmentationJob.MetricsFile)).Replace(written.JobId, ""));
        Assert.Equal(6, written.Training.History.Count);
        Assert.InRange(written.Training.BestEpoch, 1, 6);
        Assert.Equal(3, written.Evaluations.Incorrect!.Evaluated);
        Assert.False(File.Exists(Path.Combine(folder, SegmentationJob.CheckpointFile)));

        // The best constant predictor outputs the validation labels' class frequencies everywhere; its mean
        // cross-entropy is their entropy. A model that learned anything has a lower validation loss.
        var definition = Tiny("np", train: 32).Dataset;
        using (var data = DatasetLoader.Load(definition))
        {
            var labels = data.Validation.Masks.ToArray<byte>().Where(v => v != 255).ToArray();
            var entropy = labels.GroupBy(v => v).Select(g => (double)g.Count() / labels.Length).Sum(p => -p * Math.Log(p));
            Assert.True(written.Training.BestValidationLoss < entropy,
                        $"validation loss {written.Training.BestValidationLoss:F4} does not beat the constant predictor's {entropy:F4}");
        }
        Assert.True(written.Training.History[^1].TrainLoss < written.Training.History[0].TrainLoss);

        using var scope = NewDisposeScope();
        Assert.Contains("classifier.4.weight", Safetensors.Load(Path.Combine(folder, SegmentationJob.WeightsFile)).Keys);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(60, false)]
    public void EpochsCheckpointOnlyOnceTheIntervalHasPassed(int minutes, bool expected)
    {
        var folder = Path.Combine(root, $"interval-{minutes}");
        var definition = Tiny(epochs: 2, train: 16);
        var seen = new List<bool>();
        var job = new SegmentationJob(definition with { Recipe = definition.Recipe with { CheckpointInterval = TimeSpan.FromMinutes(minutes) } }, folder, _ => { })
        {
            BatchCompleted = (epoch, batch, _) => { if (epoch == 1 && batch == 0) seen.Add(File.Exists(Path.Combine(folder, SegmentationJob.CheckpointFile))); },
        };
        job.Run(CancellationToken.None);

        Assert.Equal([expected], seen);
        Assert.False(File.Exists(Path.Combine(folder, SegmentationJob.CheckpointFile)), "a finished job deletes its checkpoint");
    }

    [Fact]
    public void AResumedJobEqualsAnUninterruptedOne()
    {
        var straight = new SegmentationJob(Tiny(epochs: 2), Path.Combine(root, "straight"), _ => { }).Run(CancellationToken.None);

        var folder = Path.Combine(root, "resumed");
        using (var stop = new CancellationTokenSource())
        {
            var job = new SegmentationJob(Tiny(epochs: 2), folder, _ => { })
            {
                // Stop in the middle of the second epoch: the checkpoint then holds a partial epoch.
                BatchCompleted = (epoch, batch, _) => { if (epoch == 1 && batch == 0) stop.Cancel(); },
            };
            Assert.ThrowsAny<OperationCanceledException>(() => job.Run(stop.Token));
        }
        Assert.True(File.Exists(Path.Combine(folder, SegmentationJob.CheckpointFile)));
        var resumed = new SegmentationJob(Tiny(epochs: 2), folder, _ => { }).Run(CancellationToken.None);

        Assert.Equal(straight.Training.History.Select(h => h.TrainLoss), resumed.Training.History.Select(h => h.TrainLoss));
        Assert.Equal(straight.Training.History.Select(h => h.ValidationLoss), resumed.Training.History.Select(h => h.ValidationLoss));
        Assert.Equal(straight.Evaluations.Correct!.Confusion, resumed.Evaluations.Correct!.Confusion);
        using var scope = NewDisposeScope();
        var a = Safetensors.Load(Path.Combine(root, "straight", SegmentationJob.WeightsFile));
        var b = Safetensors.Load(Path.Combine(folder, SegmentationJob.WeightsFile));
        foreach (var (name, tensor) in a) Assert.True(tensor.eq(b[name]).all().item<bool>(), $"{name} differs after resume");
    }

    [Fact]
    public void AnExplodingLossStopsTheJobWithADiagnostic()
    {
        var error = Assert.Throws<NonFiniteLossException>(() =>
            new SegmentationJob(Tiny(epochs: 2, lr: 1e30), Path.Combine(root, "nan"), _ => { }).Run(CancellationToken.None));
        Assert.Contains("learning rate", error.Message);
        Assert.Equal(1, error.Epoch);
    }

    [Fact]
    public void BaselineIsEvaluatedOnPlainImagesOnly()
    {
        var metrics = new SegmentationJob(Tiny(JobDefinition.BaselineMethod, epochs: 1), Path.Combine(root, "baseline"), _ => { }).Run(CancellationToken.None);
        Assert.Null(metrics.Evaluations.Correct);
        Assert.Null(metrics.Evaluations.Incorrect);
        Assert.Null(metrics.KeyFingerprint);
        Assert.InRange(metrics.Evaluations.Plain.PixelAccuracy, 0, 1);
    }
}
