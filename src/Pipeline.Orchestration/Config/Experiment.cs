using Pipeline.Method.Data;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Models;
using Pipeline.Method.Training;
using Pipeline.TorchExtensions;

namespace Pipeline.Orchestration.Config;

/// <summary>A validated experiment: every block resolved, every override applied, every default filled in.</summary>
public sealed record Experiment
{
    /// <summary>Names the results folder: results/&lt;Name&gt;/jobs/&lt;id&gt;.</summary>
    public required string Name { get; init; }

    /// <summary>The folder holding configs/ (and usually experiments/ and results/); relative paths in the configuration start here. Absolute.</summary>
    public required string ProjectRoot { get; init; }

    public required DatasetSettings Dataset { get; init; }
    public required ModelSettings Model { get; init; }
    public required TrainingRecipe Training { get; init; }
    public required EvaluationSettings Evaluation { get; init; }
    public required GridSpec Grid { get; init; }

    /// <summary>The attacks on the grid's protected models; null when the experiment has none.</summary>
    public AttackPlan? Attacks { get; init; }

    /// <summary>Where jobs run locally; not part of a job's identity (results do not depend on it).</summary>
    public required DeviceId[] Devices { get; init; }

    /// <summary>How many jobs share the CPU at once, each with an equal part of its cores (small models scale poorly across cores).</summary>
    public int CpuJobs { get; init; } = 1;
    public required SlurmSpec Slurm { get; init; }
    public required RetryPolicy Retries { get; init; }
}
