namespace Pipeline.Method.Data;

/// <summary>
/// SplitMix64 over a few integers (a seed and where a draw is used): independent, reproducible seeds for draws that
/// run in any order or in parallel, the same in every process (unlike HashCode, which is randomised per process).
/// </summary>
public static class SeedMix
{
    private static readonly ulong[] Weights = [0x9E3779B97F4A7C15UL, 0xBF58476D1CE4E5B9UL, 0x94D049BB133111EBUL];

    /// <summary>A non-negative int seed from up to three parts.</summary>
    public static int Of(params ReadOnlySpan<ulong> parts)
    {
        if (parts.Length > Weights.Length) throw new ArgumentException($"at most {Weights.Length} parts", nameof(parts));
        var z = 0UL;
        for (var i = 0; i < parts.Length; i++) z = unchecked(z + parts[i] * Weights[i]);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)((z ^ (z >> 31)) & int.MaxValue);
    }
}
