using Pipeline.Method.Attacks;
using Pipeline.Method.Data;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Models;
using Pipeline.Method.Training;
using Pipeline.Method.Transforms;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Orchestration.Jobs;

/// <summary>
/// Runs one job that trains a model in its folder, as the paper trains and tests one: train (resuming from the
/// checkpoint when present), keep the best weights, evaluate the access control and write metrics.json. An
/// attacker's model (fine-tuned from the stolen weights, or from scratch) trains the same way on the attacker's share
/// of the training images, plain, and is tested on plain images. Every file is written
/// atomically through the <see cref="JobFolder"/>, so a killed job leaves either the previous state or the new one.
/// </summary>
public sealed class TrainingRunner(Job job, JobFolder folder, DeviceId device, Action<string> log)
{
    public Action<int, int, int>? BatchCompleted { get; init; }
    public Action<EpochRecord>? EpochCompleted { get; init; }

    /// <summary>At most this many images per pass (after out-of-memory failures); see <see cref="Trainer.MicroBatchLimit"/>.</summary>
    public int? MicroBatchLimit { get; init; }

    /// <summary>Called with the images per pass once chosen.</summary>
    public Action<int>? MicroBatchChosen { get; init; }

    /// <summary>Runs the job; libtorch's out-of-memory errors come out as <see cref="TorchOutOfMemoryException"/>.</summary>
    public JobMetrics Run(CancellationToken cancellation) => TorchOutOfMemoryException.Translate(() => RunJob(cancellation));

    private JobMetrics RunJob(CancellationToken cancellation)
    {
        Directory.CreateDirectory(folder.Path);
        log($"job {job.Id}: {job.Label}, {job.Model.Arch}, {job.Dataset.Describe()}, device {device}");
        using var dataset = LoadDataset(job);
        // An attacker trains on their share of the training images and selects epochs by the same images: they hold no others.
        var attacker = (job as IAttackerTraining)?.Share.AttackerImages(dataset.Train.Count);
        using var train = attacker is null ? dataset.Train.To(device) : Subset(dataset.Train, attacker);
        using var ownValidation = attacker is null ? dataset.Validation.To(device) : null;
        var validation = ownValidation ?? train;
        using var test = dataset.Test.To(device);
        // The initial weights come from libtorch's global generator: seed it so a job is reproducible.
        Seeding.ManualSeedAll(job.Training.Seed);
        using var model = FcnResNet.From(job.Model, job.Dataset.Classes);
        if (InitialWeights() is { } weights)
        {
            TrainedModel.LoadInto(model, weights);
            log($"loaded initial weights from {weights}");
        }
        else if (job.Resolve(job.Model.BackboneWeights) is { } backbone)
        {
            TrainedModel.LoadBackboneInto(model, backbone);
            log($"loaded the backbone's initial weights from {backbone}");
        }
        model.to(device.ToTorch());
        var layout = job.Training.MemoryFormatOn(device, model.Depth);
        var channelsLast = layout.ChannelsLast;
        if (channelsLast) model.ToChannelsLast();
        var precision = job.Training.PrecisionOn(device);
        log($"precision: {precision.Reason}; {layout.Reason}");
        // cuDNN times its algorithms once per shape and keeps the fastest: training's shapes repeat every batch. Set on
        // every device (elsewhere it is only a flag), as the bench does, so a job trains at the bench's rate.
        CudnnBenchmark.Enabled = true;

        // Only a model of a method has a key: the baseline and an attacker's model train and are tested on plain images.
        var keyed = (job as MethodJob)?.Protection;
        using var protection = keyed is null ? Protection.Plain : keyed.Setting(model.Depth).Protect(keyed.RequiredKey);
        protection.Attach(model);
        var input = new InputPipeline(protection.Input, channelsLast);
        var trainer = new Trainer(model, job.Training, device, job.Evaluation.BatchSize)
        {
            BatchCompleted = BatchCompleted, EpochCompleted = LogEpoch, MicroBatchLimit = MicroBatchLimit,
            MicroBatchChosen = micro =>
            {
                if (micro != job.Training.BatchSize) log($"{micro} images per pass, accumulated to batches of {job.Training.BatchSize}");
                MicroBatchChosen?.Invoke(micro);
            },
            CheckpointDiscarded = why => log($"warning: the checkpoint cannot be used ({why}); training from scratch"),
        };
        if (File.Exists(folder.Checkpoint)) log($"resuming from {JobFolder.CheckpointFile}");
        var outcome = trainer.Fit(train, validation, input, job.Dataset.ImageSize, folder.Checkpoint, cancellation);
        try
        {
            model.load_state_dict_checked(outcome.BestWeights);
            // An attacker's model is measured, not kept.
            if (job is not IAttackerTraining)
                Safetensors.Save(folder.Weights, outcome.BestWeights, new Dictionary<string, string>
                {
                    ["job_id"] = job.Id, ["model"] = job.Model.Arch, ["best_epoch"] = outcome.BestEpoch.ToString(),
                });
        }
        finally
        {
            foreach (var t in outcome.BestWeights.Values) t.Dispose();
        }
        log($"selected epoch {outcome.BestEpoch} (validation loss {outcome.BestValidationLoss:F4}); evaluating");
        // From here the model only infers (its weights are saved, or for an attacker measured and dropped).
        var evaluator = Evaluator(job, model, device, precision, channelsLast, (what, miou) => log($"  {what}: mean IoU {miou:F4}"));
        var evaluations = keyed is not null
            ? evaluator.EvaluateProtected(test, keyed.Setting(model.Depth), keyed.RequiredKey, job.Evaluation.IncorrectKeys,
                                          folder.Experiment.ExistingFingerprinter()
                                          ?? throw new InvalidDataException($"{folder.Experiment.FingerprintSecretFile} is missing: wrong keys cannot be named"))
            : new Evaluations { Plain = evaluator.Evaluate(test, null) };

        var metrics = JobMetrics.Of(job, dataset.ClassNames, evaluations) with
        {
            Training = new TrainingSummary
            {
                Epochs = job.Training.Epochs,
                BestEpoch = outcome.BestEpoch,
                BestValidationLoss = outcome.BestValidationLoss,
                Seconds = outcome.Seconds,
                ImagesPerSecond = outcome.ImagesPerSecond,
                Device = device.ToString(),
                DeviceName = device.IsCuda ? CudaDevices.Describe(device.CudaIndex)?.Name : null,
                Precision = precision.Name,
                History = outcome.History,
            },
            Attack = job switch
            {
                FineTuningJob f => new AttackMetrics { Kind = AttackKind.FineTuning, Target = f.Target, Fraction = f.Share.Fraction, TrainImages = attacker!.Length },
                FromScratchJob s => new AttackMetrics { Kind = AttackKind.FromScratch, Fraction = s.Share.Fraction, TrainImages = attacker!.Length },
                _ => null,
            },
        };
        folder.WriteMetrics(metrics);
        File.Delete(folder.Checkpoint);
        return metrics;
    }

    private void LogEpoch(EpochRecord e)
    {
        log(e.Describe(job.Training.Epochs));
        EpochCompleted?.Invoke(e);
    }

    /// <summary>
    /// Reads what a job reads before it trains: the dataset (decoding a VOC folder also fills the cache every job then
    /// reads) and the initial weights, into the job's model. So `pipeline run` names a bad file before any job starts.
    /// </summary>
    /// <exception cref="JobInputException">A file cannot be used; the message names it.</exception>
    public static void CheckInputs(Job job)
    {
        if (job.Dataset.Kind != DatasetKind.Synthetic) LoadDataset(job).Dispose();
        var (weights, backbone) = (job.Resolve(job.Model.Pretrained), job.Resolve(job.Model.BackboneWeights));
        if (weights is null && backbone is null) return;
        using var model = FcnResNet.From(job.Model, job.Dataset.Classes);
        if (weights is not null) TrainedModel.LoadInto(model, weights);
        if (backbone is not null) TrainedModel.LoadBackboneInto(model, backbone);
    }

    // A fine-tuning attacker starts from the stolen model's weights; every other model from the configured ones, if any.
    private string? InitialWeights() => job is FineTuningJob fineTuning
        ? folder.Experiment.Job(fineTuning.Target).Weights
        : job.Resolve(job.Model.Pretrained);

    private SegmentationSplit Subset(SegmentationSplit split, int[] positions)
    {
        using var subset = split.Subset(positions);
        return subset.To(device);
    }

    /// <summary>
    /// The evaluator of a model that from now on only infers: in eval mode, its batch norms folded into the
    /// convolutions, evaluating in the job's batch size and precision.
    /// </summary>
    internal static AccessControlEvaluator Evaluator(Job job, FcnResNet model, DeviceId device, ComputePrecision precision, bool channelsLast,
                                                     Action<string, double>? evaluated = null)
    {
        model.eval();
        model.FoldBatchNorm();
        return new AccessControlEvaluator(model, device, job.Evaluation.BatchSize, precision, channelsLast) { Evaluated = evaluated };
    }

    internal static SegmentationDataset LoadDataset(Job job) => JobInputException.Guard(() => DatasetLoader.Load(job.Dataset, job.ProjectRoot));
}
