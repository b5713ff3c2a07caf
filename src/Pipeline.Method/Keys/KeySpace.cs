using Pipeline.Method.Models;
using Pipeline.Method.Transforms;

namespace Pipeline.Method.Keys;

/// <summary>
/// How many keys a method has, in bits. SHF: the permutations of the L = 3·M² positions of a block, log2 L!. NP and
/// FFX: the binary keys with exactly k = L − 1 − ⌊L/2⌋ positions selected (the paper's rule selects exactly that
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

    /// <param name="blockSize">M for a block-wise method; ignored by fmp.</param>
    /// <param name="depth">The backbone whose stages fmp permutes; ignored by the block-wise methods.</param>
    public static KeySpace Of(string method, int? blockSize, MethodOptions options, ResNetDepth depth)
    {
        if (method == FeatureMapPermutation.Method)
        {
            var channels = options.FeatureMaps.Select(stage => ResNetBackbone.StageChannels(depth, stage)).ToArray();
            return new KeySpace { Method = method, Positions = channels, Log2Keys = Sum(channels.Select(Log2Factorial)) };
        }
        if (!MethodRegistry.IsBlockwise(method)) throw new ArgumentException($"unknown method '{method}'; the methods are {string.Join(", ", MethodRegistry.Names)}");
        if (blockSize is not > 0) throw new ArgumentException($"{method} needs a positive block size");
        var length = Transforms.BlockSegmentation.BlockLength(blockSize.Value);
        if (!MethodRegistry.ReadsSelection(method)) return new KeySpace { Method = method, BlockSize = blockSize, Positions = [length], Log2Keys = Log2Factorial(length) };
        var selected = length - 1 - length / 2;
        return new KeySpace
        {
            Method = method, BlockSize = blockSize, Positions = [length], Selected = selected,
            Log2Keys = Log2Factorial(length) - Log2Factorial(selected) - Log2Factorial(length - selected),
        };
    }

    /// <summary>log2 n! as a compensated sum of log2 i, accurate to about 1e-9 for the largest n here (196,608 at M = 256).</summary>
    public static double Log2Factorial(int n) => Sum(Enumerable.Range(2, Math.Max(0, n - 1)).Select(i => Math.Log2(i)));

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
