using Pipeline.Method.Data;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Models;
using Pipeline.Method.Training;

namespace Pipeline.Orchestration.Jobs;

/// <summary>The experiment's settings every kind of job has, resolved: dataset, model, training and evaluation.</summary>
public sealed record JobSettings
{
    public required DatasetSettings Dataset { get; init; }
    public required ModelSettings Model { get; init; }
    public required TrainingRecipe Training { get; init; }
    public required EvaluationSettings Evaluation { get; init; }

    /// <summary>Where relative dataset and weight paths start; the same job may run from another checkout.</summary>
    public string ProjectRoot { get; init; } = "";
}
