namespace Pipeline.Method.Data;

/// <summary>
/// The seeded split of VOC's training list into train and validation (paper: 1464 → 1318 / 146). Shared by the
/// VOC loader and the synthetic set, so a synthetic set written in VOC layout reads back into the same splits.
/// </summary>
public static class TrainValidationSplit
{
    /// <summary>VOC 2012's proportion, 146 of 1464.</summary>
    public const double VocValidationFraction = 146.0 / 1464.0;

    public static int ValidationCount(int count, double fraction)
    {
        if (fraction is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "the validation fraction must be in [0, 1)");
        return (int)Math.Round(count * fraction, MidpointRounding.AwayFromZero);
    }

    /// <summary>Positions 0..count−1 parted into train and validation, each in ascending order; the same for the same seed.</summary>
    public static (int[] Train, int[] Validation) Partition(int count, int validationCount, int seed)
    {
        if (validationCount < 0 || validationCount > count)
            throw new ArgumentOutOfRangeException(nameof(validationCount), validationCount, $"cannot take {validationCount} of {count} for validation");
        var order = Enumerable.Range(0, count).ToArray();
        // System.Random with a seed runs the same algorithm on every .NET version and platform.
        new Random(seed).Shuffle(order);
        var validation = order[..validationCount];
        Array.Sort(validation);
        var chosen = validation.ToHashSet();
        return (Enumerable.Range(0, count).Where(k => !chosen.Contains(k)).ToArray(), validation);
    }
}
