using Pipeline.Method.Attacks;
using Pipeline.Method.Transforms;

namespace Pipeline.Orchestration.Config;

/// <summary>
/// The <c>attacks</c> section: which protected models are attacked and each attack's budget. Every model of the
/// chosen methods and block sizes gets a fine-tuning attack per fraction and a key estimation; each fraction also
/// gets one model trained from scratch, the attacker's alternative to stealing.
/// </summary>
public sealed record AttackPlan
{
    /// <summary>The grid's methods whose models are attacked (default: all of them).</summary>
    public required string[] Methods { get; init; }

    /// <summary>The grid's block sizes whose models are attacked (default: all; fmp has none and is attacked once per key).</summary>
    public required int[] BlockSizes { get; init; }

    /// <summary>Seeds every attacker's choices.</summary>
    public int Seed { get; init; }

    /// <summary>Fine-tuning: the shares of the training images the attacker holds; empty when there is no fine-tuning attack.</summary>
    public required double[] Fractions { get; init; }
    public int Epochs { get; init; }
    /// <summary>Fine-tuning's learning rate; null: the training's.</summary>
    public double? Lr { get; init; }

    /// <summary>Key estimation, when not null: random keys tried, local-search queries after them, test images per query.</summary>
    public KeyEstimationBudget? KeyEstimation { get; init; }

    internal static AttackPlan Read(ConfigSection s, GridSpec? grid)
    {
        var methodsValue = s.Field("methods");
        var methods = methodsValue?.DistinctItems<string>(v => v.Choice(grid?.Methods ?? ProtectionMethod.Names, "method (one of grid.methods)"), "method")
                      ?? grid?.Methods ?? [];
        var blockSizesValue = s.Field("block_sizes");
        var blockSizes = blockSizesValue?.DistinctItems<int>(v => BlockSizeOfGrid(v, grid), "block size") ?? grid?.BlockSizes ?? [];
        var seed = s.Field("seed")?.Int(0, int.MaxValue) ?? 0;
        if (methodsValue is { IsEmptyList: true } noMethods)
            noMethods.Error("the list is empty, so nothing would be attacked; give some of grid.methods, or leave methods out to attack all of them");
        if (blockSizesValue is { IsEmptyList: true } noBlockSizes)
            noBlockSizes.Error("the list is empty, so no block-wise model would be attacked; give some of grid.block_sizes, or leave block_sizes out to attack all of them");

        double[] fractions = [];
        var epochs = 0;
        double? lr = null;
        var fineTuningValue = s.Field("fine_tuning");
        if (fineTuningValue?.Mapping() is { } ft)
        {
            var fractionsValue = ft.Required("fractions", "the shares of the training images the attacker holds, e.g. [0.1, 0.5]");
            fractions = fractionsValue?.DistinctItems<double>(v => v.Number(0, 1, exclusiveMin: true), "fraction")?.Order().ToArray() ?? [];
            if (fractionsValue is { IsEmptyList: true } given)
                given.Error("the list is empty; give the shares of the training images the attacker holds, e.g. [0.1, 0.5]");
            epochs = ft.Required("epochs", "the epochs of fine-tuning (and of the from-scratch models), e.g. 5")?.Int(1, 100_000) ?? 0;
            lr = ft.Field("lr")?.Number(0, 100, exclusiveMin: true);
            ft.RejectUnknown();
        }
        KeyEstimationBudget? keyEstimation = null;
        var keyEstimationValue = s.Field("key_estimation");
        if (keyEstimationValue?.Mapping() is { } ke)
        {
            keyEstimation = new KeyEstimationBudget(
                ke.Field("random_keys")?.Int(1, 10_000_000) ?? 100,
                ke.Field("local_queries")?.Int(0, 10_000_000) ?? 0,
                ke.Field("query_images")?.Int(1, 100_000) ?? 16);
            ke.RejectUnknown();
        }
        s.RejectUnknown();
        if (fineTuningValue is null && keyEstimationValue is null)
            s.Error("no attack is configured; give fine_tuning (fractions, epochs) and/or key_estimation (random_keys, local_queries, query_images)");
        return new AttackPlan
        {
            Methods = methods, BlockSizes = blockSizes, Seed = seed, Fractions = fractions, Epochs = epochs, Lr = lr, KeyEstimation = keyEstimation,
        };
    }

    private static int? BlockSizeOfGrid(ConfigValue value, GridSpec? grid)
    {
        if (value.Int(1, int.MaxValue) is not { } m) return null;
        if (grid is not null && !grid.BlockSizes.Contains(m))
        {
            value.Error($"block size {m} is not in grid.block_sizes; allowed: {string.Join(", ", grid.BlockSizes)}");
            return null;
        }
        return m;
    }
}
