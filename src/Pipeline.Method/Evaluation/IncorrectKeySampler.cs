using Pipeline.TorchExtensions;
using System.Security.Cryptography;
using Pipeline.Method.Keys;
using Pipeline.Method.Models;
using Pipeline.Method.Transforms;
using static TorchSharp.torch;

namespace Pipeline.Method.Evaluation;

/// <summary>
/// Draws the wrong keys of the access-control test: deterministic from the correct key, never acting like it,
/// and pairwise distinct in what they do to images. At small block sizes few distinct transforms exist
/// (6 permutations of L = 3 at M = 1), so fewer than requested may come back. Wrong keys are of the correct key's kind.
/// </summary>
public static class IncorrectKeySampler
{
    private const int AttemptsPerKey = 20;

    public static IReadOnlyList<(SecretKey Key, Protection Protection)> Draw(MethodSetting setting, SecretKey correct, int count)
    {
        var seen = new HashSet<string>();
        using (var reference = setting.Protect(correct)) seen.Add(Behaviour(reference));
        var drawn = new List<(SecretKey, Protection)>();
        for (var attempt = 0; drawn.Count < count && attempt < count * AttemptsPerKey + 100; attempt++)
        {
            var key = correct.Derive("wrongkey", attempt);
            var candidate = setting.Protect(key);
            if (seen.Add(Behaviour(candidate))) drawn.Add((key, candidate));
            else candidate.Dispose();
        }
        return drawn;
    }

    /// <summary>
    /// What the protection does, as a string: equal behaviour, equal string. For a block-wise transform, its output on
    /// fixed probe images (8-bit levels, one block each); for fmp, its permutations.
    /// </summary>
    private static string Behaviour(Protection protection)
    {
        if (protection.Features is { } features)
            return string.Join(";", features.Permutations.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{string.Join(",", p.Value)}"));
        using var scope = NewDisposeScope();
        var transform = protection.Input!;
        var m = transform.BlockSize;
        var levels = new float[4 * 3 * m * m];
        var random = new Random(12345);
        for (var i = 0; i < levels.Length; i++) levels[i] = random.Next(256) / 255f;
        var output = transform.Apply(tensor(levels, [4, 3, m, m]));
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(output.ToArray<float>().AsSpan());
        return Convert.ToHexString(SHA256.HashData(bytes));
    }
}
