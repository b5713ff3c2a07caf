using System.Text.Json.Serialization;

namespace Pipeline.Method.Evaluation;

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

public sealed record EpochRecord(int Epoch, double TrainLoss, double ValidationLoss, double LearningRate, double Seconds);

/// <summary>The access-control evaluation on the test set. A baseline job has only Plain.</summary>
public sealed record Evaluations
{
    public EvaluationResult? Correct { get; init; }
    public required EvaluationResult Plain { get; init; }
    public IncorrectKeys? Incorrect { get; init; }
}

public sealed record EvaluationResult
{
    public required double MeanIou { get; init; }
    public required double PixelAccuracy { get; init; }
    /// <summary>Per-class IoU; null where the class never occurs in ground truth or prediction (left out of the mean).</summary>
    public required IReadOnlyList<double?> Iou { get; init; }
    /// <summary>Rows = ground truth, columns = prediction, over the whole test set (ignored pixels excluded).</summary>
    public required long[][] Confusion { get; init; }
}

public sealed record IncorrectKeys
{
    public required int Requested { get; init; }
    /// <summary>Distinct wrong keys actually evaluated (fewer than requested when few distinct keys exist).</summary>
    public required int Evaluated { get; init; }
    public required double Mean { get; init; }
    public required double Std { get; init; }
    public required double Min { get; init; }
    public required double Max { get; init; }
    public required IReadOnlyList<IncorrectKeyResult> Runs { get; init; }
}

public sealed record IncorrectKeyResult(string KeyFingerprint, EvaluationResult Result);

/// <summary>snake_case JSON, as written to metrics.json.</summary>
public static class MetricsJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
