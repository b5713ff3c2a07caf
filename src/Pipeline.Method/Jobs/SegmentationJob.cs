using System.Text.Json;
using Pipeline.Method.Data;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Models;
using Pipeline.Method.Training;
using Pipeline.Method.Transforms;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Method.Jobs;

/// <summary>
/// Runs one job in its folder: train (resuming from checkpoint.safetensors when present), keep the best
/// weights (weights.safetensors), evaluate the access control and write metrics.json. Every file is
/// written atomically, so a killed job leaves either the previous state or the new one.
/// </summary>
public sealed class SegmentationJob(JobDefinition job, string folder, Action<string> log)
{
    public const string MetricsFile = "metrics.json", WeightsFile = "weights.safetensors", CheckpointFile = "checkpoint.safetensors";

    public Action<int, int, int>? BatchCompleted { get; init; }
    public Action<EpochRecord>? EpochCompleted { get; init; }

    /// <summary>Runs the job; libtorch's out-of-memory errors come out as <see cref="TorchOutOfMemoryException"/>.</summary>
    public JobMetrics Run(CancellationToken cancellation) => TorchOutOfMemoryException.Translate(() => RunJob(cancellation));

    private JobMetrics RunJob(CancellationToken cancellation)
    {
        Directory.CreateDirectory(folder);
        log($"job {job.JobId}: {job.Method}{(job.BlockSize is { } m ? $" M={m}" : "")}{(job.Key is null ? "" : $" {job.Key}")}, " +
            $"{job.Model}, {job.Dataset.Describe()}, device {job.Device}");
        using var dataset = DatasetLoader.Load(job.Dataset);
        using var train = dataset.Train.To(job.Device);
        using var validation = dataset.Validation.To(job.Device);
        using var test = dataset.Test.To(job.Device);
        // The initial weights come from libtorch's global generator: seed it so a job is reproducible.
        Seeding.ManualSeedAll(job.Recipe.Seed);
        using var model = FcnResNet.FromName(job.Model, job.Dataset.Classes, job.AuxiliaryHead);
        if (job.InitialWeights is not null) LoadInitialWeights(model);
        model.to(job.Device.ToTorch());
        var channelsLast = job.Recipe.UsesChannelsLast(job.Device);
        if (channelsLast) model.ToChannelsLast();

        using var transform = job.IsBaseline ? null : MethodRegistry.Create(job.Method, job.BlockSize!.Value, job.Key!, job.Options);
        var input = new InputPipeline(transform, channelsLast);
        var trainer = new Trainer(model, job.Recipe, job.Device) { BatchCompleted = BatchCompleted, EpochCompleted = LogEpoch };
        var checkpoint = Path.Combine(folder, CheckpointFile);
        if (File.Exists(checkpoint)) log($"resuming from {CheckpointFile}");
        var outcome = trainer.Fit(train, validation, input, job.Dataset.ImageSize, checkpoint, cancellation);
        try
        {
            model.load_state_dict_checked(outcome.BestWeights);
            Safetensors.Save(Path.Combine(folder, WeightsFile), outcome.BestWeights, new Dictionary<string, string>
            {
                ["job_id"] = job.JobId, ["model"] = job.Model, ["best_epoch"] = outcome.BestEpoch.ToString(),
            });
        }
        finally
        {
            foreach (var t in outcome.BestWeights.Values) t.Dispose();
        }
        log($"selected epoch {outcome.BestEpoch} (validation loss {outcome.BestValidationLoss:F4}); evaluating");
        // The weights are saved: from here the model only infers, so its batch norms can go into the convolutions.
        model.eval();
        model.FoldBatchNorm();

        var evaluator = new AccessControlEvaluator(model, job.Device, job.Recipe.EvaluationBatchSize, job.Recipe.UsesAutocast(job.Device), channelsLast)
        {
            Evaluated = (what, miou) => log($"  {what}: mean IoU {miou:F4}"),
        };
        var evaluations = job.IsBaseline
            ? new Evaluations { Plain = evaluator.Evaluate(test, null) }
            : evaluator.EvaluateProtected(test, job.Method, job.BlockSize!.Value, job.Key!, job.Options, job.IncorrectKeys);

        var metrics = new JobMetrics
        {
            JobId = job.JobId,
            Method = job.Method,
            BlockSize = job.BlockSize,
            KeyFingerprint = job.Key?.Fingerprint,
            Model = job.Model,
            Dataset = job.Dataset.Kind,
            ImageSize = job.Dataset.ImageSize,
            ClassNames = dataset.ClassNames,
            Training = new TrainingSummary
            {
                Epochs = job.Recipe.Epochs,
                BestEpoch = outcome.BestEpoch,
                BestValidationLoss = outcome.BestValidationLoss,
                Seconds = outcome.Seconds,
                ImagesPerSecond = outcome.ImagesPerSecond,
                Device = job.Device.ToString(),
                DeviceName = job.Device.IsCuda ? CudaDevices.Describe(job.Device.CudaIndex)?.Name : null,
                Precision = job.Recipe.EffectivePrecision(job.Device),
                History = outcome.History,
            },
            Evaluations = evaluations,
        };
        AtomicFile.WriteAllText(Path.Combine(folder, MetricsFile), JsonSerializer.Serialize(metrics, MetricsJson.Options));
        File.Delete(checkpoint);
        return metrics;
    }

    private void LogEpoch(EpochRecord e)
    {
        log($"epoch {e.Epoch}/{job.Recipe.Epochs}: train loss {e.TrainLoss:F4}, validation loss {e.ValidationLoss:F4}, lr {e.LearningRate:G3}, {e.Seconds:F1} s");
        EpochCompleted?.Invoke(e);
    }

    private void LoadInitialWeights(FcnResNet model)
    {
        var path = job.InitialWeights!;
        using var scope = NewDisposeScope();
        model.load_state_dict_checked(StateDictFiles.Load(path));
        log($"loaded initial weights from {path}");
    }
}
