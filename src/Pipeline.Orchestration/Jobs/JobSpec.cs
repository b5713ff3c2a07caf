using System.Text.Json.Serialization;
using Pipeline.Orchestration.Config;
using YamlDotNet.Serialization;

namespace Pipeline.Orchestration.Jobs;

/// <summary>
/// Everything one job needs, resolved: one grid point (method, block size, key) with the experiment's dataset,
/// model, training and evaluation settings. Its <see cref="Id"/> hashes the settings that shape the results.
/// </summary>
public sealed record JobSpec
{
    /// <summary>shf, np, ffx, or baseline.</summary>
    public required string Method { get; init; }

    /// <summary>Block size M; null for the baseline.</summary>
    public int? BlockSize { get; init; }

    /// <summary>The key's public fingerprint; null for the baseline.</summary>
    public string? KeyFingerprint { get; init; }

    /// <summary>FFX's password; null for the other methods, whose results it cannot change.</summary>
    public string? Password { get; init; }

    public required DatasetSpec Dataset { get; init; }
    public required ModelSpec Model { get; init; }
    public required TrainingSpec Training { get; init; }
    public required EvaluationSpec Evaluation { get; init; }

    /// <summary>The key's name in the key file, a label only: renaming a key does not change the job.</summary>
    [JsonIgnore]
    public string? KeyName { get; init; }

    /// <summary>Where relative dataset and weight paths start; the same job may run from another checkout.</summary>
    [JsonIgnore]
    public string ProjectRoot { get; init; } = "";

    /// <summary>The secret key. Never written to job.yaml nor hashed into the id: it lives in key.secret.</summary>
    [JsonIgnore, YamlIgnore]
    public long? KeySeed { get; init; }

    [JsonIgnore, YamlIgnore]
    public bool Baseline => Method == Methods.Baseline;

    [JsonIgnore, YamlIgnore]
    public string Id => JobId.Of(this);

    /// <summary>Never the seed: records print every member by default.</summary>
    public override string ToString() =>
        Baseline ? $"{Id} baseline" : $"{Id} {Method} M={BlockSize} key {KeyFingerprint}";
}
