using System.Text.Json.Serialization;
using Pipeline.Method.Data;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Keys;
using Pipeline.Method.Models;
using Pipeline.Method.Training;
using Pipeline.Method.Transforms;
using YamlDotNet.Serialization;

namespace Pipeline.Orchestration.Jobs;

/// <summary>
/// One job, from the experiment grid to metrics.json: one grid point (method, block size, key) with the experiment's
/// dataset, model, training and evaluation settings, resolved. It is what job.yaml holds, what the job process runs,
/// and what its <see cref="Id"/> hashes (the settings that shape the results, the key by its fingerprint only).
/// </summary>
public sealed record Job
{
    /// <summary>A registered method (<see cref="MethodRegistry.Names"/>) or <see cref="MethodRegistry.Baseline"/>.</summary>
    public required string Method { get; init; }

    /// <summary>Block size M; null for the baseline.</summary>
    public int? BlockSize { get; init; }

    /// <summary>The key's public fingerprint; null for the baseline.</summary>
    public string? KeyFingerprint { get; init; }

    /// <summary>FFX's password; null for the other methods, whose results it cannot change.</summary>
    public string? Password { get; init; }

    public required DatasetSettings Dataset { get; init; }
    public required ModelSettings Model { get; init; }
    public required TrainingRecipe Training { get; init; }
    public required EvaluationSettings Evaluation { get; init; }

    /// <summary>The key's name in the key file, a label only: renaming a key does not change the job.</summary>
    [JsonIgnore]
    public string? KeyName { get; init; }

    /// <summary>Where relative dataset and weight paths start; the same job may run from another checkout.</summary>
    [JsonIgnore]
    public string ProjectRoot { get; init; } = "";

    /// <summary>The secret key. Never written to job.yaml nor hashed into the id: it lives in key.secret.</summary>
    [JsonIgnore, YamlIgnore]
    public SecretKey? Key { get; init; }

    [JsonIgnore, YamlIgnore]
    public bool IsBaseline => Method == MethodRegistry.Baseline;

    [JsonIgnore, YamlIgnore]
    public string Id => JobId.Of(this);

    [JsonIgnore, YamlIgnore]
    public MethodOptions MethodOptions => new(Password ?? FfxTransform.DefaultPassword);

    /// <summary>"shf M=8 key 3a1f…", "baseline": how logs and the live view name the job.</summary>
    [JsonIgnore, YamlIgnore]
    public string Label => IsBaseline ? Method : $"{Method} M={BlockSize} key {KeyFingerprint}";

    /// <summary>A path as the configuration wrote it, made absolute from the project root.</summary>
    public string? Resolve(string? path) => path is null ? null : System.IO.Path.GetFullPath(System.IO.Path.Combine(ProjectRoot, path));

    /// <summary>Never the seed: records print every member by default.</summary>
    public override string ToString() => $"{Id} {Label}";
}
