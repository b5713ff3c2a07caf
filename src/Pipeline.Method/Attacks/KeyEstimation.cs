using Pipeline.Method.Data;
using Pipeline.Method.Keys;

namespace Pipeline.Method.Attacks;

/// <summary>
/// The key-estimation attack: try random keys and keep the best by the model's mean IoU on one test batch, then
/// search locally from it, keeping a move (pair swap, bit flip: <see cref="KeyGuess.Neighbour"/>)
/// unless the score drops. Every query is one evaluation of the batch. Query q draws its randomness from (seed, q)
/// alone, so a search resumed from its <see cref="KeyEstimationState"/> goes on exactly as an uninterrupted one.
/// </summary>
public sealed class KeyEstimation(KeyGuess.Space space, AttackSettings settings, Func<KeyGuess, double> score)
{
    public int RandomKeys { get; } = Math.Max(1, settings.RandomKeys ?? 1);
    public int LocalQueries { get; } = Math.Max(0, settings.LocalQueries ?? 0);
    public int Queries => RandomKeys + LocalQueries;

    /// <summary>Runs the queries not yet in <paramref name="state"/>; <paramref name="checkpoint"/> sees the state after every query.</summary>
    public KeyEstimationState Run(KeyEstimationState? state, Action<KeyEstimationState> checkpoint, CancellationToken cancellation)
    {
        var best = state is { BestGuess: { } parts } ? KeyGuess.FromParts(space, parts) : null;
        var bestScore = state?.BestScore ?? double.NegativeInfinity;
        var curve = new List<double>(state?.Curve ?? []);
        for (var q = curve.Count; q < Queries; q++)
        {
            cancellation.ThrowIfCancellationRequested();
            var random = new Random(SeedMix.Of((ulong)(uint)settings.Seed, (ulong)(q + 1)));
            var candidate = q < RandomKeys || best is null
                ? KeyGuess.From(space, new SecretKey(random.NextInt64(long.MaxValue)))
                : best.Neighbour(random);
            var value = score(candidate);
            // Random keys must beat the best; a local move may tie it, so a plateau is walked (a move is kept unless the score drops).
            if (best is null || value > bestScore || (q >= RandomKeys && value >= bestScore))
            {
                best = candidate;
                bestScore = value;
            }
            curve.Add(bestScore);
            state = new KeyEstimationState { Curve = curve.ToArray(), BestScore = bestScore, BestGuess = best.Parts.ToArray() };
            checkpoint(state);
        }
        return state ?? throw new InvalidOperationException("a key estimation makes at least one query");
    }
}

/// <summary>Where a key estimation stands: the best score after each query so far and the best guess (secret-adjacent: never published).</summary>
public sealed record KeyEstimationState
{
    public required double[] Curve { get; init; }
    public required double BestScore { get; init; }
    public required long[][] BestGuess { get; init; }
}
