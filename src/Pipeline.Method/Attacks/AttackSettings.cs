using Pipeline.Method.Data;

namespace Pipeline.Method.Attacks;

/// <summary>
/// One attack on a protected model (the experiment's <c>attacks</c> section makes them; property names are the YAML
/// names). Fine-tuning: the attacker holds the stolen model and <see cref="Fraction"/> of the labelled training images,
/// plain, and fine-tunes (the recipe is the job's training, with the attack's epochs and learning rate). From scratch:
/// the attacker's alternative, a fresh model trained on the same fraction. Key estimation: a random-key search of
/// <see cref="RandomKeys"/> queries, then <see cref="LocalQueries"/> queries of local search from the best key found
/// (pair swaps for SHF and fmp, bit flips of the selection for NP and FFX), each query the model's mean IoU on the
/// first <see cref="QueryImages"/> test images.
/// </summary>
public sealed record AttackSettings
{
    public const string FineTuning = "fine_tuning";
    public const string FromScratch = "from_scratch";
    public const string KeyEstimation = "key_estimation";

    public required string Kind { get; init; }

    /// <summary>Fine-tuning and from scratch: the share of the training images the attacker holds, in (0, 1].</summary>
    public double? Fraction { get; init; }

    public int? RandomKeys { get; init; }
    public int? LocalQueries { get; init; }
    public int? QueryImages { get; init; }

    /// <summary>Seeds the attacker's choices: which training images, which random keys and moves.</summary>
    public int Seed { get; init; }

    /// <summary>Positions of the attacker's training images among <paramref name="count"/>: ⌈fraction·count⌉ of them, at least one, seeded, ascending.</summary>
    public int[] AttackerImages(int count)
    {
        var take = Math.Clamp((int)Math.Ceiling((Fraction ?? 1) * count - 1e-9), 1, count);
        // The same seeded draw as a validation split's: the attacker's images are the "validation" part.
        return TrainValidationSplit.Partition(count, take, Seed).Validation;
    }
}
