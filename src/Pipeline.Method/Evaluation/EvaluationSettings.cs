using System.Text.Json.Serialization;

namespace Pipeline.Method.Evaluation;

/// <summary>How a model is tested (the experiment's <c>evaluation</c> section). Property names are the YAML field names.</summary>
public sealed record EvaluationSettings
{
    /// <summary>How many random wrong keys each protected model is tested with (the paper: 100).</summary>
    public int IncorrectKeys { get; init; } = 100;

    /// <summary>
    /// Images per evaluation batch, for the test set and the per-epoch validation loss. How many images are inferred
    /// at once cannot change a prediction, so it is left out of the job id.
    /// </summary>
    [JsonIgnore]
    public int BatchSize { get; init; } = 64;
}
