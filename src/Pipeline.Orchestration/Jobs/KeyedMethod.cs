using Pipeline.Method.Keys;
using Pipeline.Method.Models;
using Pipeline.Method.Transforms;

namespace Pipeline.Orchestration.Jobs;

/// <summary>
/// A method with its key, as a model of it was trained: the method's name, its block size (none for fmp), the options
/// that can change its results (FFX's password, fmp's feature maps), and the key by its public fingerprint. The secret
/// key itself is never written to job.yaml nor hashed into the id: it lives in key.secret.
/// </summary>
public sealed record KeyedMethod
{
    /// <summary>A method's name (<see cref="ProtectionMethod.Names"/>).</summary>
    public required string Method { get; init; }

    /// <summary>Block size M; null for fmp, which transforms no image blocks.</summary>
    public int? BlockSize { get; init; }

    /// <summary>The key's public fingerprint.</summary>
    public required string KeyFingerprint { get; init; }

    /// <summary>How many of the method's keys the key can reach.</summary>
    public KeyKind? KeyKind { get; init; }

    /// <summary>FFX's password; null for the other methods, whose results it cannot change.</summary>
    public string? Password { get; init; }

    /// <summary>The feature maps fmp permutes (<see cref="FeatureMapPermutation.Stages"/>); null for the other methods.</summary>
    public string[]? FeatureMaps { get; init; }

    /// <summary>The key's name in the key file, a label only: renaming a key does not change the job.</summary>
    public string? KeyName { get; init; }

    /// <summary>The secret key, when the job was read with it (<see cref="JobFolder.ReadJob"/>) or made from the grid.</summary>
    public SecretKey? Key { get; init; }

    public MethodOptions Options => new(Password ?? FfxTransform.DefaultPassword, FeatureMaps);

    /// <summary>The method as a model of the given backbone uses it.</summary>
    public MethodSetting Setting(ResNetDepth depth) => new(ProtectionMethod.Named(Method), BlockSize, Options, depth);

    /// <summary>The secret key, for a job that uses it; a job read without it cannot.</summary>
    public SecretKey RequiredKey => Key ?? throw new InvalidOperationException($"{Label}: the job was read without its key (key.secret)");

    /// <summary>"shf M=8 key 3a1f…", "fmp key 3a1f…".</summary>
    public string Label => BlockSize is null ? $"{Method} key {KeyFingerprint}" : $"{Method} M={BlockSize} key {KeyFingerprint}";
}
