namespace Pipeline.Method.Attacks;

/// <summary>
/// What a key estimation may spend: <see cref="RandomKeys"/> random keys, then <see cref="LocalQueries"/> queries of
/// local search from the best one, each query the model's mean IoU on the first <see cref="QueryImages"/> test images.
/// </summary>
public sealed record KeyEstimationBudget(int RandomKeys, int LocalQueries, int QueryImages);
