using Pipeline.Method.Data;

namespace Pipeline.Method.Attacks;

/// <summary>
/// The labelled training images an attacker holds for fine-tuning or training from scratch: <see cref="Fraction"/>
/// of them, in (0, 1], drawn by <see cref="Seed"/>.
/// </summary>
public sealed record AttackerShare(double Fraction, int Seed)
{
    /// <summary>Positions of the attacker's training images among <paramref name="count"/>: ⌈fraction·count⌉ of them, at least one, seeded, ascending.</summary>
    public int[] AttackerImages(int count)
    {
        var take = Math.Clamp((int)Math.Ceiling(Fraction * count - 1e-9), 1, count);
        // The same seeded draw as a validation split's: the attacker's images are the "validation" part.
        return TrainValidationSplit.Partition(count, take, Seed).Validation;
    }
}
