using Pipeline.Method.Evaluation;

namespace Pipeline.Orchestration.Config;

/// <summary>Reads the <c>evaluation</c> section: how each protected model is tested (the paper's access control).</summary>
internal static class EvaluationSection
{
    public static EvaluationSettings Read(ConfigSection s)
    {
        var defaults = new EvaluationSettings();
        var incorrect = s.Field("incorrect_keys")?.Int(0, 100_000) ?? defaults.IncorrectKeys;
        var batch = s.Field("batch_size")?.Int(1, 1_000_000) ?? defaults.BatchSize;
        s.RejectUnknown();
        return new EvaluationSettings { IncorrectKeys = incorrect, BatchSize = batch };
    }
}
