using Pipeline.Method.Training;

namespace Pipeline.Orchestration.Config;

/// <summary>Reads the <c>training</c> section into a <see cref="TrainingRecipe"/>, whose defaults fill what it leaves out.</summary>
internal static class TrainingSection
{
    public static TrainingRecipe? Read(ConfigSection s)
    {
        var epochsValue = s.Required("epochs");
        var epochs = epochsValue?.Int(1, 100_000);
        var batch = s.Required("batch_size")?.Int(1, 1_000_000);
        var lrValue = s.Required("lr");
        var lr = lrValue?.Number(0, 10, exclusiveMin: true);
        var momentum = s.Field("momentum")?.Number(0, 1);
        var weightDecay = s.Field("weight_decay")?.Number(0, 1);
        var restartValue = s.Field("restart_epochs");
        var restart = restartValue?.Int(1, 100_000);
        var minLrValue = s.Field("min_lr");
        var minLr = minLrValue?.Number(0, 10);
        var seed = s.Field("seed")?.Int(0, int.MaxValue);
        var precision = s.Field("precision")?.Choice<Precision>("precision");
        var channelsLast = s.Field("channels_last")?.Bool();
        var accumulateValue = s.Field("accumulate");
        var accumulate = accumulateValue is { } a ? ReadAccumulate(a) : null;
        var checkpointMinutes = s.Field("checkpoint_minutes")?.Number(0, 10_000);
        s.RejectUnknown();

        if (lr is not null && minLrValue is { } m && minLr > lr)
            m.Error(FormattableString.Invariant($"min_lr {minLr} is above lr {lr} ({lrValue!.Value.Where}); allowed: a number >= 0 and <= lr"));
        if (batch is not null && accumulate?.Steps is { } steps && batch % steps != 0)
            accumulateValue!.Value.Error($"{steps} does not divide batch_size {batch}; allowed: a divisor of batch_size, or '{GradientAccumulation.AutoText}'");

        if (epochs is { } e && restart is { } period && e % period != 0 && lr is { } rate)
        {
            // Where training stops in its last cosine cycle, e.g. 1 epoch of a restart period of 8.
            var end = (minLr ?? 0) + (rate - (minLr ?? 0)) * (1 + Math.Cos(Math.PI * (e % period) / period)) / 2;
            epochsValue!.Value.Warn(FormattableString.Invariant(
                $"{e} epochs end the learning-rate schedule partway through a cycle of restart_epochs {period} ({restartValue!.Value.Where}): the rate ends at {end:G3}, not annealed to min_lr {minLr ?? 0}; set restart_epochs to a divisor of epochs (or leave it out: one cycle over all epochs)"));
        }

        if (epochs is null || batch is null || lr is null) return null;
        var recipe = new TrainingRecipe { Epochs = epochs.Value, BatchSize = batch.Value, Lr = lr.Value };
        return recipe with
        {
            Momentum = momentum ?? recipe.Momentum,
            WeightDecay = weightDecay ?? recipe.WeightDecay,
            // One cosine cycle over all epochs unless asked, written out so job.yaml says what runs.
            RestartEpochs = restart ?? recipe.RestartPeriod,
            MinLr = minLr ?? recipe.MinLr,
            Seed = seed ?? recipe.Seed,
            Precision = precision ?? recipe.Precision,
            ChannelsLast = channelsLast ?? recipe.ChannelsLast,
            Accumulate = accumulate ?? recipe.Accumulate,
            CheckpointMinutes = checkpointMinutes ?? recipe.CheckpointMinutes,
        };
    }

    /// <summary>An integer of steps, or "auto"; null when the value is invalid (the error is recorded).</summary>
    private static GradientAccumulation? ReadAccumulate(ConfigValue value)
    {
        if (value.Text() is not { } text) return null;
        if (GradientAccumulation.Parse(text) is { } parsed) return parsed;
        var allowed = $"allowed: an integer from 1 to {GradientAccumulation.MaxSteps}, or '{GradientAccumulation.AutoText}'";
        value.Error(long.TryParse(text, out _) ? $"{text} is out of range; {allowed}" : $"expected an integer or '{GradientAccumulation.AutoText}', found '{text}'; {allowed}");
        return null;
    }
}
