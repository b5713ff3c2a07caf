using System.Text.Json.Serialization;
using Pipeline.TorchExtensions;

namespace Pipeline.Method.Training;

/// <summary>
/// How a model is trained (the experiment's <c>training</c> section; property names are the YAML field names):
/// SGD with momentum and weight decay, a cosine learning rate with warm restarts, the best weights by validation
/// loss. The defaults here are the only ones: the YAML reader and every other caller start from them.
/// configs/training/paper.yaml holds the paper's recipe: batch 256, 100 epochs, lr 0.1, weight decay 0.005,
/// restarts every 10 epochs down to 1e-4, bf16.
/// </summary>
public sealed record TrainingRecipe
{
    public required int Epochs { get; init; }
    public required int BatchSize { get; init; }
    public required double Lr { get; init; }
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; }

    /// <summary>T_0 of the warm restarts, in epochs; null means one cosine cycle over all epochs.</summary>
    public int? RestartEpochs { get; init; }

    public double MinLr { get; init; }

    /// <summary>Seeds the initial weights, the order of the images, the augmentation and dropout.</summary>
    public int Seed { get; init; }

    /// <summary>bf16 (autocast, where the device's bf16 kernels are trustworthy: <see cref="ComputePrecision"/>) or fp32.</summary>
    public Precision Precision { get; init; } = Precision.Fp32;

    /// <summary>Channels-last memory format for weights and activations (NHWC strides), on every device.</summary>
    public bool ChannelsLast { get; init; }

    /// <summary>Gradient accumulation: a fixed number of passes per batch, or "auto" (the fewest that fit the device).</summary>
    public GradientAccumulation Accumulate { get; init; } = GradientAccumulation.None;

    /// <summary>
    /// Least minutes of training between checkpoints written at the end of an epoch (0: after every epoch). A stop
    /// request always checkpoints, so this bounds only what a kill -9 or a crash loses. How often a job saves cannot
    /// change its results, so it is left out of the job id.
    /// </summary>
    [JsonIgnore]
    public double CheckpointMinutes { get; init; } = 5;

    public int RestartPeriod => RestartEpochs ?? Epochs;

    public TimeSpan CheckpointInterval => TimeSpan.FromMinutes(CheckpointMinutes);

    /// <summary>Images per pass as configured (the whole batch for "auto", where the trainer finds the size).</summary>
    public int MicroBatch => Accumulate.Steps is int steps and > 1 ? Math.Max(1, BatchSize / steps) : BatchSize;

    /// <summary>The recipe's optimizer over the model's parameters: SGD with its learning rate, momentum and weight decay.</summary>
    public TorchSharp.Modules.SGD Optimizer(TorchSharp.torch.nn.Module model) =>
        TorchSharp.torch.optim.SGD(model.parameters().ToArray(), Lr, Momentum, weight_decay: WeightDecay);

    /// <summary>How a run of this recipe computes on the device: bf16 where asked for and trustworthy, else fp32.</summary>
    public ComputePrecision PrecisionOn(DeviceId device) => ComputePrecision.For(Precision, device);

    /// <summary>How a run of this recipe lays out a model of <paramref name="depth"/> on the device: channels-last where asked for and safe, else NCHW.</summary>
    public MemoryFormat MemoryFormatOn(DeviceId device, Models.ResNetDepth depth) => MemoryFormat.For(ChannelsLast, device, depth);
}
