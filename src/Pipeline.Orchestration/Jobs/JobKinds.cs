using Pipeline.Method.Attacks;

namespace Pipeline.Orchestration.Jobs;

/// <summary>The model trained on plain images, the reference every protected model is measured against.</summary>
public sealed record BaselineJob : Job
{
    public override string Label => Method;
}

/// <summary>A job about a model of a method with its key: the model itself, or an attack on it.</summary>
public abstract record KeyedModelJob : Job
{
    public required KeyedMethod Protection { get; init; }

    public override string Method => Protection.Method;
}

/// <summary>A model of a method: trained and tested on images the key transformed, and tested with incorrect keys and none.</summary>
public sealed record MethodJob : KeyedModelJob
{
    public override string Label => Protection.Label;
}

/// <summary>An attack on a finished model of a method: it runs after <see cref="Target"/>, the model's job, and holds the model's method and key so reports group it with the model.</summary>
public abstract record AttackOnModelJob : KeyedModelJob
{
    /// <summary>The id of the attacked model's job.</summary>
    public required string Target { get; init; }
}

/// <summary>A job that trains the attacker's model on the attacker's share of the training images, plain.</summary>
public interface IAttackerTraining
{
    AttackerShare Share { get; }
}

/// <summary>The attacker fine-tunes the stolen model on their share of the training images, plain, by the attack's recipe.</summary>
public sealed record FineTuningJob : AttackOnModelJob, IAttackerTraining
{
    public required AttackerShare Share { get; init; }

    public override AttackKind? Attack => AttackKind.FineTuning;

    public override string Label => $"fine-tuning on {Share.Fraction:P0} of {Protection.Label}";
}

/// <summary>The attacker searches for the key by the stolen model's mean IoU within <see cref="Budget"/>.</summary>
public sealed record KeyEstimationJob : AttackOnModelJob
{
    public required KeyEstimationBudget Budget { get; init; }

    /// <summary>Seeds the attacker's random keys and moves.</summary>
    public int Seed { get; init; }

    public override AttackKind? Attack => AttackKind.KeyEstimation;

    public override string Label => $"key estimation of {Protection.Label}";
}

/// <summary>The attacker's alternative to stealing: a fresh model trained on their share of the training images.</summary>
public sealed record FromScratchJob : Job, IAttackerTraining
{
    public required AttackerShare Share { get; init; }

    public override AttackKind? Attack => AttackKind.FromScratch;

    public override string Label => $"from scratch on {Share.Fraction:P0} of the training images";
}
