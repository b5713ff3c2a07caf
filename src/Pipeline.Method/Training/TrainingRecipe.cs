using Pipeline.TorchExtensions;

namespace Pipeline.Method.Training;

/// <summary>The paper's recipe (§3.1) by default: SGD 0.9 / 5e-3, lr 0.1 with cosine warm restarts every 10 epochs to 1e-4, batch 256, 100 epochs.</summary>
public sealed record TrainingRecipe
{
    public int Epochs { get; init; } = 100;
    public int BatchSize { get; init; } = 256;
    /// <summary>Images per forward/backward pass; smaller than BatchSize means gradient accumulation. Null: the whole batch.</summary>
    public int? MicroBatchSize { get; init; }
    public double LearningRate { get; init; } = 0.1;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 0.005;
    public int RestartEpochs { get; init; } = 10;
    public double MinLearningRate { get; init; } = 1e-4;
    public int Seed { get; init; }
    /// <summary>"bf16" (autocast on CUDA) or "fp32".</summary>
    public string Precision { get; init; } = "bf16";
    public bool ChannelsLast { get; init; } = true;
    /// <summary>Weight of the auxiliary head's loss when the model has one (torchvision's reference uses 0.5).</summary>
    public double AuxiliaryLossWeight { get; init; } = 0.5;
    public int EvaluationBatchSize { get; init; } = 64;
    /// <summary>
    /// Least training time between two checkpoints written at the end of an epoch; zero writes one after every epoch.
    /// A stop request (Ctrl+C, SIGTERM, Slurm's warning) always checkpoints, so the interval bounds only what a
    /// kill -9 or a crash loses. A checkpoint of FCN-ResNet50 is about 400 MB, more than a GPU epoch takes to train.
    /// </summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromMinutes(5);

    public int EffectiveMicroBatch => Math.Clamp(MicroBatchSize ?? BatchSize, 1, BatchSize);

    /// <summary>bf16 autocast applies on CUDA only, and only where libtorch's autocast functions were found.</summary>
    public bool UsesAutocast(DeviceId device) => device.IsCuda && Precision == "bf16" && Autocast.IsAvailable;

    /// <summary>The precision a run on the device really uses.</summary>
    public string EffectivePrecision(DeviceId device) => UsesAutocast(device) ? "bf16" : "fp32";

    /// <summary>Channels-last applies on CUDA only: on the CPU, libtorch's dilated convolutions are slower in NHWC.</summary>
    public bool UsesChannelsLast(DeviceId device) => ChannelsLast && device.IsCuda;
}
