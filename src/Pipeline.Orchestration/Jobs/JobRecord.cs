using System.Text.Json.Serialization;
using Pipeline.Method;
using Pipeline.Method.Attacks;
using Pipeline.Method.Data;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Keys;
using Pipeline.Method.Models;
using Pipeline.Method.Training;
using Pipeline.Method.Transforms;

namespace Pipeline.Orchestration.Jobs;

/// <summary>
/// A job's flat file form: what job.yaml holds and what <see cref="JobId"/> hashes, field for field as jobs have been
/// written since ids v3, so every finished job keeps its id and its job.yaml. The kind is not a field of its own: it is
/// the attack's kind, else the method (baseline or not). <see cref="ToJob"/> makes the kind's type and checks that
/// its fields are there.
/// </summary>
public sealed record JobRecord
{
    public required string Method { get; init; }
    public int? BlockSize { get; init; }
    public string? KeyFingerprint { get; init; }
    public KeyKind? KeyKind { get; init; }
    public string? Password { get; init; }
    public string[]? FeatureMaps { get; init; }
    public AttackRecord? Attack { get; init; }
    public string? Target { get; init; }
    public required DatasetSettings Dataset { get; init; }
    public required ModelSettings Model { get; init; }
    public required TrainingRecipe Training { get; init; }
    public required EvaluationSettings Evaluation { get; init; }

    /// <summary>A label only: renaming a key does not change the job.</summary>
    [JsonIgnore]
    public string? KeyName { get; init; }

    [JsonIgnore]
    public string ProjectRoot { get; init; } = "";

    /// <summary>The attack's fields in the file: those of its kind, the others null.</summary>
    public sealed record AttackRecord
    {
        public required AttackKind Kind { get; init; }
        public double? Fraction { get; init; }
        public int? RandomKeys { get; init; }
        public int? LocalQueries { get; init; }
        public int? QueryImages { get; init; }
        public int Seed { get; init; }
    }

    public static JobRecord Of(Job job)
    {
        var keyed = (job as KeyedModelJob)?.Protection;
        return new JobRecord
        {
            Method = job.Method, BlockSize = keyed?.BlockSize, KeyFingerprint = keyed?.KeyFingerprint, KeyKind = keyed?.KeyKind,
            Password = keyed?.Password, FeatureMaps = keyed?.FeatureMaps, KeyName = keyed?.KeyName,
            Attack = job switch
            {
                FineTuningJob f => new AttackRecord { Kind = AttackKind.FineTuning, Fraction = f.Share.Fraction, Seed = f.Share.Seed },
                FromScratchJob s => new AttackRecord { Kind = AttackKind.FromScratch, Fraction = s.Share.Fraction, Seed = s.Share.Seed },
                KeyEstimationJob k => new AttackRecord
                {
                    Kind = AttackKind.KeyEstimation, RandomKeys = k.Budget.RandomKeys, LocalQueries = k.Budget.LocalQueries,
                    QueryImages = k.Budget.QueryImages, Seed = k.Seed,
                },
                _ => null,
            },
            Target = (job as AttackOnModelJob)?.Target,
            Dataset = job.Dataset, Model = job.Model, Training = job.Training, Evaluation = job.Evaluation, ProjectRoot = job.ProjectRoot,
        };
    }

    private JobSettings Settings() => new() { Dataset = Dataset, Model = Model, Training = Training, Evaluation = Evaluation, ProjectRoot = ProjectRoot };

    /// <summary>The job of this record's kind.</summary>
    /// <exception cref="InvalidDataException">A field the kind needs is missing, or one it cannot have is there; the message names it.</exception>
    public Job ToJob()
    {
        switch (Attack?.Kind)
        {
            case null when Method == ProtectionMethod.Baseline:
                Absent(("block_size", BlockSize), ("key_fingerprint", KeyFingerprint), ("target", Target));
                return new BaselineJob { Settings = Settings() };
            case null:
                Absent(("target", Target));
                return new MethodJob { Protection = Protection(), Settings = Settings() };
            case AttackKind.FineTuning:
                return new FineTuningJob
                {
                    Protection = Protection(), Target = Required("target", Target), Share = Share(),
                    Settings = Settings(),
                };
            case AttackKind.KeyEstimation:
                return new KeyEstimationJob
                {
                    Protection = Protection(), Target = Required("target", Target),
                    Budget = new KeyEstimationBudget(Required("attack.random_keys", Attack.RandomKeys), Required("attack.local_queries", Attack.LocalQueries),
                                                     Required("attack.query_images", Attack.QueryImages)),
                    Seed = Attack.Seed, Settings = Settings(),
                };
            case AttackKind.FromScratch:
                Absent(("key_fingerprint", KeyFingerprint), ("target", Target));
                return new FromScratchJob { Share = Share(), Settings = Settings() };
            default:
                throw new InvalidDataException($"attack.kind: '{Attack.Kind}' is not a known attack");
        }
    }

    private KeyedMethod Protection()
    {
        if (!ProtectionMethod.Names.Contains(Method))
            throw new InvalidDataException($"method: '{Method}' is not one of {string.Join(", ", ProtectionMethod.Names)} or {ProtectionMethod.Baseline}");
        return new KeyedMethod
        {
            Method = Method, BlockSize = BlockSize, KeyFingerprint = Required("key_fingerprint", KeyFingerprint), KeyKind = KeyKind,
            Password = Password, FeatureMaps = FeatureMaps, KeyName = KeyName,
        };
    }

    private AttackerShare Share() => new(Required("attack.fraction", Attack!.Fraction), Attack.Seed);

    private string Kind => Attack is { } a ? EnumNames.Of(a.Kind) : Method == ProtectionMethod.Baseline ? "baseline" : "model";

    private T Required<T>(string field, T? value) where T : class =>
        value ?? throw new InvalidDataException($"{field}: missing, and a {Kind} job needs it");

    private T Required<T>(string field, T? value) where T : struct =>
        value ?? throw new InvalidDataException($"{field}: missing, and a {Kind} job needs it");

    private void Absent(params (string Field, object? Value)[] fields)
    {
        foreach (var (field, value) in fields)
            if (value is not null) throw new InvalidDataException($"{field}: a {Kind} job has none");
    }
}
