using Pipeline.Method.Evaluation;
using Pipeline.Method.Training;

namespace Pipeline.Orchestration.Jobs;

/// <summary>
/// metrics.json of one finished job: what it trained and every evaluation's mean IoU together with its
/// confusion matrix, so tables can be recomputed without the model. Keys appear only as fingerprints.
/// </summary>
public sealed record JobMetrics
{
    public int Schema { get; init; } = 1;
    public required string JobId { get; init; }
    /// <summary>shf, np, ffx, or baseline.</summary>
    public required string Method { get; init; }
    public int? BlockSize { get; init; }
    public string? KeyFingerprint { get; init; }
    public required string Model { get; init; }
    public required string Dataset { get; init; }
    public required int ImageSize { get; init; }
    public required IReadOnlyList<string> ClassNames { get; init; }
    public required TrainingSummary Training { get; init; }
    public required Evaluations Evaluations { get; init; }
}

public sealed record TrainingSummary
{
    public required int Epochs { get; init; }
    /// <summary>The epoch (1-based) whose weights had the lowest validation loss and were kept.</summary>
    public required int BestEpoch { get; init; }
    public required double BestValidationLoss { get; init; }
    public required double Seconds { get; init; }
    public required double ImagesPerSecond { get; init; }
    public required string Device { get; init; }
    public string? DeviceName { get; init; }
    public required string Precision { get; init; }
    public required IReadOnlyList<EpochRecord> History { get; init; }
}

