namespace Pipeline.Method.Keys;

/// <summary>
/// How many keys a method has, in bits, as each method counts them (<see cref="Transforms.ProtectionMethod.KeySpace"/>).
/// SHF: the permutations of the L = 3·M² positions of a block, log2 L!. NP and FFX: the binary keys with exactly k = L − 1 − ⌊L/2⌋ positions selected (the paper's rule selects exactly that
/// many), log2 C(L, k); FFX's password is public. fmp: the permutations of each permuted stage's C channels,
/// Σ log2 C!. What a key can reach is less: a seed key reaches the permutation through libtorch's 32-bit generator
/// seed, a strong key through its 256 bits; where fmp permutes several stages, each stage's permutation can be
/// searched on its own, so the bound grows by log2 of the stage count, not by a factor of it.
/// </summary>
public sealed record KeySpace
{
    public required string Method { get; init; }

    /// <summary>M; null for fmp.</summary>
    public int? BlockSize { get; init; }

    /// <summary>What the key permutes or selects among: L positions of a block, or (fmp) the channels of each permuted stage.</summary>
    public required IReadOnlyList<int> Positions { get; init; }

    /// <summary>k, the positions an NP or FFX key selects; null for the permutations.</summary>
    public int? Selected { get; init; }

    /// <summary>log2 of the number of keys of the method itself.</summary>
    public required double Log2Keys { get; init; }

    /// <summary>log2 of the keys a seed key can reach: min(log2 keys, 32 + log2 stages).</summary>
    public double Log2EffectiveSeed => Math.Min(Log2Keys, SecretKey.SeedBits + Math.Log2(Positions.Count));

    /// <summary>log2 of the keys a strong key can reach: min(log2 keys, 256 + log2 stages).</summary>
    public double Log2EffectiveStrong => Math.Min(Log2Keys, SecretKey.StrongBits + Math.Log2(Positions.Count));

    public double Log2Effective(bool strong) => strong ? Log2EffectiveStrong : Log2EffectiveSeed;

    /// <summary>log2 n! as a compensated sum of log2 i, accurate to about 1e-9 for the largest n here (196,608 at M = 256).</summary>
    public static double Log2Factorial(int n) => Sum(Enumerable.Range(2, Math.Max(0, n - 1)).Select(i => Math.Log2(i)));

    /// <summary>log2 of the product of the factorials (several permutations' keys together).</summary>
    public static double SumOfLog2Factorials(IEnumerable<int> ns) => Sum(ns.Select(Log2Factorial));

    // Neumaier's compensated summation: the rounding error stays near one ulp of the total instead of growing with n.
    private static double Sum(IEnumerable<double> terms)
    {
        double sum = 0, compensation = 0;
        foreach (var term in terms)
        {
            var t = sum + term;
            compensation += Math.Abs(sum) >= Math.Abs(term) ? (sum - t) + term : (term - t) + sum;
            sum = t;
        }
        return sum + compensation;
    }
}
