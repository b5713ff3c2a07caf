namespace Pipeline.Orchestration.Config;

/// <summary>The <c>evaluation</c> section: how each protected model is tested (paper §3.2–3.3).</summary>
public sealed record EvaluationSpec
{
    /// <summary>How many random wrong keys each protected model is tested with (paper: 100).</summary>
    public required int IncorrectKeys { get; init; }
    public required int BatchSize { get; init; }

    public static EvaluationSpec Default { get; } = new() { IncorrectKeys = 100, BatchSize = 64 };

    internal static EvaluationSpec Read(ConfigSection s)
    {
        var incorrect = s.Field("incorrect_keys")?.Int(0, 100_000) ?? Default.IncorrectKeys;
        var batch = s.Field("batch_size")?.Int(1, 1_000_000) ?? Default.BatchSize;
        s.RejectUnknown();
        return new EvaluationSpec { IncorrectKeys = incorrect, BatchSize = batch };
    }
}
