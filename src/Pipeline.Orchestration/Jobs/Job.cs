using Pipeline.Method.Attacks;
using Pipeline.Method.Data;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Models;
using Pipeline.Method.Training;
using Pipeline.Method.Transforms;

namespace Pipeline.Orchestration.Jobs;

/// <summary>
/// One job, from the experiment grid to metrics.json, as one of its kinds (<see cref="JobKinds"/>: the baseline, a
/// model of a method, an attack on one, a model from scratch), with the experiment's dataset, model, training and
/// evaluation settings, resolved. job.yaml holds it in its flat file form (<see cref="JobRecord"/>), and its
/// <see cref="Id"/> hashes that form (the settings that shape the results, the key by its fingerprint only).
/// </summary>
public abstract record Job
{
    public required JobSettings Settings { get; init; }

    public DatasetSettings Dataset => Settings.Dataset;
    public ModelSettings Model => Settings.Model;
    public TrainingRecipe Training => Settings.Training;
    public EvaluationSettings Evaluation => Settings.Evaluation;
    public string ProjectRoot => Settings.ProjectRoot;

    /// <summary>The name of the method whose images the model learns (<see cref="ProtectionMethod.Names"/>), or <see cref="ProtectionMethod.Baseline"/>.</summary>
    public virtual string Method => ProtectionMethod.Baseline;

    /// <summary>The attack this job is; null for a model of a method and the baseline.</summary>
    public virtual AttackKind? Attack => null;

    public string Id => JobId.Of(this);

    /// <summary>The same job trained by another recipe.</summary>
    public Job WithTraining(TrainingRecipe training) => this with { Settings = Settings with { Training = training } };

    /// <summary>"shf M=8 key 3a1f…", "baseline", "fine-tuning on 25 % of shf M=8 key 3a1f…": how logs and the live view name the job.</summary>
    public abstract string Label { get; }

    /// <summary>A path as the configuration wrote it, made absolute from the project root.</summary>
    public string? Resolve(string? path) => path is null ? null : System.IO.Path.GetFullPath(System.IO.Path.Combine(ProjectRoot, path));

    /// <summary>Never the seed: records print every member by default.</summary>
    public sealed override string ToString() => $"{Id} {Label}";
}
