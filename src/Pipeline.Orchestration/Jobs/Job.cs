using System.Text.Json.Serialization;
using Pipeline.Method.Attacks;
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
    /// <summary>A method's name (<see cref="ProtectionMethod.Names"/>) or <see cref="ProtectionMethod.Baseline"/>.</summary>
    public required string Method { get; init; }

    /// <summary>Block size M; null for the baseline and fmp, which transform no image blocks.</summary>
    public int? BlockSize { get; init; }

    /// <summary>The key's public fingerprint; null for the baseline.</summary>
    public string? KeyFingerprint { get; init; }

    /// <summary>"seed" or "strong" (<see cref="SecretKey.Kind"/>): how many of the method's keys the key can reach; null for the baseline.</summary>
    public string? KeyKind { get; init; }

    /// <summary>FFX's password; null for the other methods, whose results it cannot change.</summary>
    public string? Password { get; init; }

    /// <summary>The feature maps fmp permutes (<see cref="FeatureMapPermutation.Stages"/>); null for the other methods.</summary>
    public string[]? FeatureMaps { get; init; }

    /// <summary>For an attack job, the attack; null for a model job (a grid point or the baseline).</summary>
    public AttackSettings? Attack { get; init; }

    /// <summary>For an attack on a model, the id of the model's job (it runs after that one); null otherwise.</summary>
    public string? Target { get; init; }

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
    public bool IsBaseline => Method == ProtectionMethod.Baseline;

    [JsonIgnore, YamlIgnore]
    public string Id => JobId.Of(this);

    [JsonIgnore, YamlIgnore]
    public MethodOptions MethodOptions => new(Password ?? FfxTransform.DefaultPassword, FeatureMaps);

    /// <summary>The job's method as a model of the given backbone uses it (not for the baseline, which has none).</summary>
    public MethodSetting MethodSetting(ResNetDepth depth) => new(ProtectionMethod.Named(Method), BlockSize, MethodOptions, depth);

    /// <summary>"shf M=8 key 3a1f…", "baseline", "fine-tuning on 25 % of shf M=8 key 3a1f…": how logs and the live view name the job.</summary>
    [JsonIgnore, YamlIgnore]
    public string Label => Attack switch
    {
        { Kind: AttackSettings.FromScratch } a => $"from scratch on {a.Fraction:P0} of the training images",
        { Kind: AttackSettings.FineTuning } a => $"fine-tuning on {a.Fraction:P0} of {ModelLabel}",
        { } => $"key estimation of {ModelLabel}",
        null => ModelLabel,
    };

    private string ModelLabel => IsBaseline ? Method : BlockSize is null ? $"{Method} key {KeyFingerprint}" : $"{Method} M={BlockSize} key {KeyFingerprint}";

    /// <summary>A path as the configuration wrote it, made absolute from the project root.</summary>
    public string? Resolve(string? path) => path is null ? null : System.IO.Path.GetFullPath(System.IO.Path.Combine(ProjectRoot, path));

    /// <summary>Never the seed: records print every member by default.</summary>
    public override string ToString() => $"{Id} {Label}";
}
