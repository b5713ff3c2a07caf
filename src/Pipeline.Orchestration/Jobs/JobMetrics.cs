using Pipeline.Method.Attacks;
using Pipeline.Method.Data;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Training;

namespace Pipeline.Orchestration.Jobs;

/// <summary>
/// metrics.json of one finished job: what it trained and every evaluation's mean IoU together with its
/// confusion matrix, so tables can be recomputed without the model. Keys appear only as fingerprints.
/// </summary>
public sealed record JobMetrics
{
    public int Schema { get; init; } = 1;
    public required string JobId { get; init; }
    /// <summary>shf, np, ffx, or baseline.</summary>
    public required string Method { get; init; }
    public int? BlockSize { get; init; }
    public string? KeyFingerprint { get; init; }
    public required string Model { get; init; }
    public required DatasetKind Dataset { get; init; }
    public required int ImageSize { get; init; }
    public required IReadOnlyList<string> ClassNames { get; init; }
    /// <summary>What training did; null for a key estimation, which trains nothing.</summary>
    public TrainingSummary? Training { get; init; }

    /// <summary>
    /// A model job's access-control test. For a fine-tuning or from-scratch attack, Plain is the attacker's model on plain
    /// test images; for a key estimation, the attacked model's own evaluations, copied for comparison.
    /// </summary>
    public required Evaluations Evaluations { get; init; }

    /// <summary>An attack job's results; null for a model job.</summary>
    public AttackMetrics? Attack { get; init; }

    /// <summary>The metrics of a job, what it is (method, block size, key fingerprint, model, data) filled in from it.</summary>
    public static JobMetrics Of(Job job, IReadOnlyList<string> classNames, Evaluations evaluations) => new()
    {
        JobId = job.Id, Method = job.Method, BlockSize = (job as KeyedModelJob)?.Protection.BlockSize,
        KeyFingerprint = (job as KeyedModelJob)?.Protection.KeyFingerprint, Model = job.Model.Arch,
        Dataset = job.Dataset.Kind, ImageSize = job.Dataset.ImageSize, ClassNames = classNames, Evaluations = evaluations,
    };
}

/// <summary>What an attack found. Never the guessed key: only how well it works and how much of it is right.</summary>
public sealed record AttackMetrics
{
    /// <summary>fine_tuning, from_scratch or key_estimation.</summary>
    public required AttackKind Kind { get; init; }

    /// <summary>The attacked model's job id; null for from scratch.</summary>
    public string? Target { get; init; }

    /// <summary>Fine-tuning and from scratch: the share of the training images the attacker held, and how many that was.</summary>
    public double? Fraction { get; init; }
    public int? TrainImages { get; init; }

    /// <summary>Key estimation: the queries made (random keys, then local search) and the test images each one scored.</summary>
    public int? RandomKeys { get; init; }
    public int? LocalQueries { get; init; }
    public int? QueryImages { get; init; }

    /// <summary>Key estimation: the best mean IoU on the query images after each query.</summary>
    public IReadOnlyList<double>? Curve { get; init; }

    /// <summary>Key estimation: the query images' mean IoU with the correct key and with plain images, for comparison.</summary>
    public double? QueryCorrect { get; init; }
    public double? QueryPlain { get; init; }

    /// <summary>Key estimation: the best guess on the whole test set.</summary>
    public EvaluationResult? Estimated { get; init; }

    /// <summary>Key estimation: the share of positions (or channels) where the best guess equals the key's own material.</summary>
    public double? KeyAgreement { get; init; }
}

public sealed record TrainingSummary
{
    public required int Epochs { get; init; }
    /// <summary>The epoch (1-based) whose weights had the lowest validation loss and were kept.</summary>
    public required int BestEpoch { get; init; }
    public required double BestValidationLoss { get; init; }
    public required double Seconds { get; init; }
    public required double ImagesPerSecond { get; init; }
    public required string Device { get; init; }
    public string? DeviceName { get; init; }
    public required string Precision { get; init; }
    public required IReadOnlyList<EpochRecord> History { get; init; }
}

