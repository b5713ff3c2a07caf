using System.Diagnostics;
using Pipeline.Method.Data;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Models;
using Pipeline.TorchExtensions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Pipeline.Method.Training;

/// <summary>
/// Trains a segmentation model with the paper's recipe and keeps the weights with the lowest validation loss. Every
/// batch is seeded from (seed, epoch, batch) (<see cref="BatchSeeds"/>), so a run resumed from its checkpoint
/// (<see cref="CheckpointStore"/>) ends with the same weights as an uninterrupted one.
/// Runs synchronously on the calling thread (dispose scopes are per thread).
/// </summary>
/// <param name="evaluationBatchSize">Images per batch of the per-epoch validation loss.</param>
public sealed class Trainer(FcnResNet model, TrainingRecipe recipe, DeviceId device, int evaluationBatchSize)
{
    private const long IgnoreIndex = VocClasses.IgnoreIndex;

    /// <summary>Weight of the auxiliary head's loss when the model has one (torchvision's segmentation reference).</summary>
    public const double AuxiliaryLossWeight = 0.5;

    private readonly ComputePrecision precision = recipe.PrecisionOn(device);
    private int microBatch;

    /// <summary>
    /// At most this many images per pass whatever the recipe says (set after out-of-memory failures); it changes how
    /// the gradient is computed, not the batch it is computed over.
    /// </summary>
    public int? MicroBatchLimit { get; init; }

    /// <summary>Called with the images per pass once chosen (for the log).</summary>
    public Action<int>? MicroBatchChosen { get; init; }

    /// <summary>Called after every epoch with its record (for progress and logs).</summary>
    public Action<EpochRecord>? EpochCompleted { get; init; }

    /// <summary>Called when the checkpoint cannot be used (damaged, or not this model's), with why; training then starts from scratch.</summary>
    public Action<string>? CheckpointDiscarded { get; init; }

    /// <summary>Called after every optimizer step with (epoch, batch, batches per epoch).</summary>
    public Action<int, int, int>? BatchCompleted { get; init; }

    /// <summary>
    /// The paper's random resized crop and flip (on by default). Off, every batch is the training images as they are,
    /// which the step-parity test against PyTorch needs (bench/reference_train.py --no-augmentation).
    /// </summary>
    public bool Augment { get; init; } = true;

    public TrainingOutcome Fit(SegmentationSplit train, SegmentationSplit validation, InputPipeline input, int imageSize,
                               string? checkpointPath, CancellationToken cancellation)
    {
        using var optimizer = recipe.Optimizer(model);
        var schedule = new CosineAnnealingWarmRestarts(optimizer, recipe.RestartPeriod, eta_min: recipe.MinLr);
        var checkpoint = checkpointPath is null ? null : new CheckpointStore(checkpointPath, model, optimizer, device, CheckpointDiscarded);
        var (progress, best) = checkpoint?.Resume() ?? (TrainingProgress.Start, []);
        // A resumed job keeps the pass size it started with, so it ends as an uninterrupted one would.
        microBatch = Math.Min(progress.MicroBatch ?? ChooseMicroBatch(train, input, imageSize, optimizer), MicroBatchLimit ?? int.MaxValue);
        progress = progress with { MicroBatch = microBatch };
        MicroBatchChosen?.Invoke(microBatch);
        var clock = Stopwatch.StartNew();
        var sinceCheckpoint = Stopwatch.StartNew();
        var trainedImages = 0L;
        void Save(TrainingProgress at) => checkpoint?.Save(at with { Seconds = at.Seconds + clock.Elapsed.TotalSeconds }, best);
        // The epoch's loss is summed on the device and read once per epoch: no host synchronisation per step.
        using var epochLoss = full(Array.Empty<long>(), progress.EpochLossSum, ScalarType.Float64, device.ToTorch()).DetachFromDisposeScope();

        for (var epoch = progress.Epoch; epoch < recipe.Epochs; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            var trained = TrainOneEpoch(train, input, imageSize, optimizer, schedule, epochLoss, progress, Save, cancellation);
            trainedImages += trained.EpochImages - progress.EpochImages;
            var trainLoss = epochLoss.ToDouble() / Math.Max(1, trained.EpochImages);
            epochLoss.zero_();
            var learningRate = optimizer.ParamGroups.First().LearningRate;
            if (!double.IsFinite(trainLoss)) throw new NonFiniteLossException(epoch + 1, trainLoss, learningRate);
            var validationLoss = ValidationLoss(validation, input);
            var record = new EpochRecord(epoch + 1, trainLoss, validationLoss, learningRate, epochClock.Elapsed.TotalSeconds);
            progress = trained with { Epoch = epoch + 1, Batch = 0, EpochLossSum = 0, EpochImages = 0, History = trained.History.Append(record).ToList() };
            if (validationLoss < progress.BestValidationLoss || best.Count == 0)
            {
                foreach (var t in best.Values) t.Dispose();
                best = CopyToCpu();
                progress = progress with { BestEpoch = epoch + 1, BestValidationLoss = validationLoss };
            }
            if (sinceCheckpoint.Elapsed >= recipe.CheckpointInterval)
            {
                Save(progress);
                sinceCheckpoint.Restart();
            }
            EpochCompleted?.Invoke(record);
        }

        return new TrainingOutcome(best, progress.BestEpoch, progress.BestValidationLoss, progress.History, progress.Seconds + clock.Elapsed.TotalSeconds,
                                   trainedImages / Math.Max(1e-9, clock.Elapsed.TotalSeconds));
    }

    /// <summary>
    /// The batches of <paramref name="progress"/>'s epoch from its next one, each loss summed into <paramref name="epochLoss"/>;
    /// returns the progress with the epoch's images counted. A cancellation is honoured between batches, once the
    /// progress so far is <paramref name="saved"/>.
    /// </summary>
    private TrainingProgress TrainOneEpoch(SegmentationSplit train, InputPipeline input, int imageSize, SGD optimizer, CosineAnnealingWarmRestarts schedule,
                                           Tensor epochLoss, TrainingProgress progress, Action<TrainingProgress> saved, CancellationToken cancellation)
    {
        var (epoch, batchesPerEpoch) = (progress.Epoch, (train.Count + recipe.BatchSize - 1) / recipe.BatchSize);
        model.train();
        var order = BatchSeeds.Shuffle(recipe.Seed, train.Count, epoch);
        for (var batch = progress.Batch; batch < batchesPerEpoch; batch++)
        {
            if (cancellation.IsCancellationRequested)
            {
                saved(progress with { Batch = batch, EpochLossSum = epochLoss.ToDouble() });
                cancellation.ThrowIfCancellationRequested();
            }
            schedule.step(epoch + (double)batch / batchesPerEpoch);
            var indices = order[(batch * recipe.BatchSize)..Math.Min(train.Count, (batch + 1) * recipe.BatchSize)];
            Step(train, indices, input, imageSize, optimizer, epoch, batch, epochLoss);
            progress = progress with { EpochImages = progress.EpochImages + indices.Length };
            BatchCompleted?.Invoke(epoch, batch, batchesPerEpoch);
        }
        return progress;
    }

    /// <summary>One optimizer step over the batch; adds each micro-batch's loss × images to <paramref name="epochLoss"/> on the device.</summary>
    private void Step(SegmentationSplit train, long[] indices, InputPipeline input, int imageSize, SGD optimizer, int epoch, int batch, Tensor epochLoss)
    {
        var seed = BatchSeeds.Reseed(recipe.Seed, epoch, batch);
        var augmentation = Augment ? new Augmentation(imageSize, (int)(seed & int.MaxValue)) : null;
        // Zeroed in place: with TorchSharp 0.107.0, dropping gradients (Module.zero_grad, set_to_none) leaves each
        // step's gradients referenced until the garbage collector runs (+600 MB per FCN-ResNet-18 epoch measured).
        optimizer.zero_grad();
        for (var start = 0; start < indices.Length; start += microBatch)
        {
            using var scope = NewDisposeScope();
            var part = indices[start..Math.Min(indices.Length, start + microBatch)];
            var loss = Loss(train, part, input, augmentation);
            // Micro-batches are weighted by their share of the batch so the accumulated gradient matches one large batch.
            (loss * ((double)part.Length / indices.Length)).backward();
            epochLoss.add_(loss.detach().to(ScalarType.Float64), alpha: part.Length);
        }
        optimizer.step();
    }

    /// <summary>The mean cross-entropy of one pass over the given training images, augmented unless <paramref name="augmentation"/> is null.</summary>
    private Tensor Loss(SegmentationSplit train, long[] part, InputPipeline input, Augmentation? augmentation)
    {
        var index = tensor(part, device: device.ToTorch());
        var (images, masks) = (train.Images.index_select(0, index), train.Masks.index_select(0, index));
        (images, masks) = augmentation?.Apply(images, masks) ?? (images, masks.to(ScalarType.Int64));
        var x = input.Prepare(images);
        using (precision.Scope())
        {
            var (output, aux) = model.ForwardWithAuxiliary(x);
            var loss = cross_entropy(output, masks, ignore_index: IgnoreIndex);
            return aux is null ? loss : loss + cross_entropy(aux, masks, ignore_index: IgnoreIndex) * AuxiliaryLossWeight;
        }
    }

    /// <summary>Images per pass: the recipe's, or for accumulate "auto" the largest that fits the device (<see cref="MicroBatchTrial"/>).</summary>
    private int ChooseMicroBatch(SegmentationSplit train, InputPipeline input, int imageSize, SGD optimizer)
    {
        var size = Math.Min(recipe.MicroBatch, MicroBatchLimit ?? int.MaxValue);
        return recipe.Accumulate.IsAuto
            ? MicroBatchTrial.Largest(model, optimizer, device, Math.Min(size, train.Count), part => Loss(train, part, input, new Augmentation(imageSize, 0)))
            : size;
    }

    /// <summary>
    /// Mean cross-entropy per labelled pixel over the validation split, in eval mode, without augmentation. Each batch's
    /// mean times its labelled pixels is summed in float64 on the device and read once (no host synchronisation per
    /// batch); a batch without labelled pixels adds nothing.
    /// </summary>
    public double ValidationLoss(SegmentationSplit validation, InputPipeline input)
    {
        model.eval();
        using var noGrad = no_grad();
        using var lossSum = zeros([], ScalarType.Float64, device.ToTorch()).DetachFromDisposeScope();
        using var pixels = zeros([], ScalarType.Float64, device.ToTorch()).DetachFromDisposeScope();
        foreach (var (images, masks) in EvaluationBatches.Of(validation, evaluationBatchSize, device))
            using (precision.Scope())
            {
                var output = model.forward(input.Prepare(images)).to(ScalarType.Float32);
                var labelled = masks.ne(IgnoreIndex).sum().to(ScalarType.Float64);
                var loss = cross_entropy(output, masks, ignore_index: IgnoreIndex).to(ScalarType.Float64) * labelled;
                lossSum.add_(where(labelled.gt(0), loss, zeros_like(loss)));
                pixels.add_(labelled);
            }
        var total = pixels.ToDouble();
        return total == 0 ? double.NaN : lossSum.ToDouble() / total;
    }

    private OrderedDictionary<string, Tensor> CopyToCpu()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var copy = new OrderedDictionary<string, Tensor>();
        foreach (var (k, v) in model.state_dict()) copy.Add(k, v.detach().cpu().clone().DetachFromDisposeScope());
        return copy;
    }
}
