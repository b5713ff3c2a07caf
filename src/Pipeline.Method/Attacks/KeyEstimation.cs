using Pipeline.Method.Transforms;
using Pipeline.Method.Data;
using Pipeline.Method.Keys;

namespace Pipeline.Method.Attacks;

/// <summary>
/// The key-estimation attack: try random keys and keep the best by the model's mean IoU on one test batch, then
/// search locally from it, keeping a move (pair swap, bit flip: <see cref="KeyGuess.Neighbour"/>)
/// unless the score drops. Every query is one evaluation of the batch. Query q draws its randomness from (seed, q)
/// alone, so a search resumed from its <see cref="KeyEstimationState"/> goes on exactly as an uninterrupted one.
/// </summary>
public sealed class KeyEstimation(MethodSetting setting, KeyEstimationBudget budget, int seed, Func<KeyGuess, double> score)
{
    public int RandomKeys { get; } = Math.Max(1, budget.RandomKeys);
    public int LocalQueries { get; } = Math.Max(0, budget.LocalQueries);
    public int Queries => RandomKeys + LocalQueries;

    /// <summary>Runs the queries not yet in <paramref name="state"/>; <paramref name="checkpoint"/> sees the progress after every query.</summary>
    public KeyEstimationState Run(KeyEstimationState? state, Action<KeyEstimationProgress> checkpoint, CancellationToken cancellation)
    {
        var best = state is { BestGuess: { } parts } ? KeyGuess.FromParts(setting, parts) : null;
        var bestScore = state?.BestScore ?? double.NegativeInfinity;
        var curve = new List<double>(state?.Curve ?? []);
        for (var q = curve.Count; q < Queries; q++)
        {
            cancellation.ThrowIfCancellationRequested();
            var random = new Random(SeedMix.Of((ulong)(uint)seed, (ulong)(q + 1)));
            var candidate = q < RandomKeys || best is null
                ? KeyGuess.From(setting, new SecretKey(random.NextInt64(long.MaxValue)))
                : best.Neighbour(random);
            var value = score(candidate);
            // Random keys must beat the best; a local move may tie it, so a plateau is walked (a move is kept unless the score drops).
            if (best is null || value > bestScore || (q >= RandomKeys && value >= bestScore))
            {
                best = candidate;
                bestScore = value;
            }
            curve.Add(bestScore);
            checkpoint(new KeyEstimationProgress(curve, curve.Count, bestScore, best));
        }
        if (best is null) throw new InvalidOperationException("a key estimation makes at least one query");
        return new KeyEstimationProgress(curve, curve.Count, bestScore, best).State();
    }
}

/// <summary>
/// A key estimation after a query: how many were made and the best score, and its <see cref="State"/>, which copies
/// the curve and the best guess only when asked for (a search of many queries saves now and then, not every query).
/// </summary>
public sealed class KeyEstimationProgress(IReadOnlyList<double> curve, int queries, double bestScore, KeyGuess best)
{
    public int Queries => queries;
    public double BestScore => bestScore;

    /// <summary>The state as it was after this query, also when the search has gone on since.</summary>
    public KeyEstimationState State() => new() { Curve = curve.Take(queries).ToArray(), BestScore = bestScore, BestGuess = best.Parts.ToArray() };
}

/// <summary>Where a key estimation stands: the best score after each query so far and the best guess (secret-adjacent: never published).</summary>
public sealed record KeyEstimationState
{
    public required double[] Curve { get; init; }
    public required double BestScore { get; init; }
    public required long[][] BestGuess { get; init; }
}
