namespace Pipeline.Method.Evaluation;

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
