using System.Text.Json.Serialization;

namespace Pipeline.Orchestration.Config;

/// <summary>The <c>training</c> section: SGD with cosine annealing and warm restarts (paper §3.1).</summary>
public sealed record TrainingSpec
{
    public const string Bf16 = "bf16";
    public const string Fp32 = "fp32";
    public static readonly IReadOnlyList<string> Precisions = [Bf16, Fp32];
    public const string AutoAccumulate = "auto";

    public required int Epochs { get; init; }
    public required int BatchSize { get; init; }
    public required double Lr { get; init; }
    public required double Momentum { get; init; }
    public required double WeightDecay { get; init; }

    /// <summary>T_0 of cosine annealing with warm restarts, in epochs.</summary>
    public required int RestartEpochs { get; init; }
    public required double MinLr { get; init; }
    public required int Seed { get; init; }
    public required string Precision { get; init; }
    public required bool ChannelsLast { get; init; }

    /// <summary>Gradient accumulation steps per optimiser step (the micro-batch is BatchSize / Accumulate); null = auto, chosen from device memory.</summary>
    public int? Accumulate { get; init; }

    /// <summary>
    /// Minutes of training between checkpoints (0: after every epoch). How often a job saves cannot change its results,
    /// so it is left out of the job id, like devices and retries.
    /// </summary>
    [JsonIgnore]
    public double CheckpointMinutes { get; init; } = DefaultCheckpointMinutes;

    public const double DefaultCheckpointMinutes = 5;

    internal static TrainingSpec? Read(ConfigSection s)
    {
        var epochs = s.Required("epochs")?.Int(1, 100_000);
        var batch = s.Required("batch_size")?.Int(1, 1_000_000);
        var lrValue = s.Required("lr");
        var lr = lrValue?.Number(0, 10, exclusiveMin: true);
        var momentum = s.Field("momentum")?.Number(0, 1) ?? 0.9;
        var weightDecay = s.Field("weight_decay")?.Number(0, 1) ?? 0;
        var restart = s.Field("restart_epochs")?.Int(1, 100_000);
        var minLrValue = s.Field("min_lr");
        var minLr = minLrValue?.Number(0, 10) ?? 0;
        var seed = s.Field("seed")?.Int(0, int.MaxValue) ?? 0;
        var precision = s.Field("precision")?.Choice(Precisions, "precision") ?? Fp32;
        var channelsLast = s.Field("channels_last")?.Bool() ?? false;
        var accumulateValue = s.Field("accumulate");
        var accumulate = accumulateValue is { } a ? ReadAccumulate(a) : 1;
        var checkpointMinutes = s.Field("checkpoint_minutes")?.Number(0, 10_000) ?? DefaultCheckpointMinutes;
        s.RejectUnknown();

        if (lr is not null && minLrValue is { } m && minLr > lr)
            m.Error(FormattableString.Invariant($"min_lr {minLr} is above lr {lr} ({lrValue!.Value.Where}); allowed: a number >= 0 and <= lr"));
        if (batch is not null && accumulate is not null && batch % accumulate != 0)
            accumulateValue!.Value.Error($"{accumulate} does not divide batch_size {batch}; allowed: a divisor of batch_size, or 'auto'");

        if (epochs is null || batch is null || lr is null) return null;
        return new TrainingSpec
        {
            Epochs = epochs.Value, BatchSize = batch.Value, Lr = lr.Value, Momentum = momentum, WeightDecay = weightDecay,
            // No restart in the run unless asked: one cosine cycle over all epochs.
            RestartEpochs = restart ?? epochs.Value,
            MinLr = minLr, Seed = seed, Precision = precision, ChannelsLast = channelsLast, Accumulate = accumulate,
            CheckpointMinutes = checkpointMinutes,
        };
    }

    private static int? ReadAccumulate(ConfigValue value)
    {
        var text = value.Text();
        if (text is null or AutoAccumulate) return null;
        if (long.TryParse(text, out _)) return value.Int(1, 4096);
        value.Error($"expected an integer or '{AutoAccumulate}', found '{text}'; allowed: an integer from 1 to 4096, or '{AutoAccumulate}'");
        return null;
    }
}
