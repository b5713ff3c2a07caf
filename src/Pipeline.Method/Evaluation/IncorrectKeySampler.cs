using Pipeline.TorchExtensions;
using System.Security.Cryptography;
using Pipeline.Method.Keys;
using Pipeline.Method.Transforms;
using static TorchSharp.torch;

namespace Pipeline.Method.Evaluation;

/// <summary>
/// Draws the wrong keys of the access-control test: deterministic from the correct key, never acting like it,
/// and pairwise distinct in what they do to images. At small block sizes few distinct transforms exist
/// (6 permutations of L = 3 at M = 1), so fewer than requested may come back.
/// </summary>
public static class IncorrectKeySampler
{
    private const int AttemptsPerKey = 20;

    public static IReadOnlyList<BlockTransform> Draw(string method, int blockSize, SecretKey correct, MethodOptions options, int count)
    {
        var seen = new HashSet<string>();
        using (var reference = MethodRegistry.Create(method, blockSize, correct, options)) seen.Add(Behaviour(reference));
        var drawn = new List<BlockTransform>();
        for (var attempt = 0; drawn.Count < count && attempt < count * AttemptsPerKey + 100; attempt++)
        {
            var candidate = MethodRegistry.Create(method, blockSize, correct.Derive("wrongkey", attempt), options);
            if (seen.Add(Behaviour(candidate))) drawn.Add(candidate);
            else candidate.Dispose();
        }
        return drawn;
    }

    /// <summary>What the transform does to fixed probe images (8-bit levels, one block each): equal behaviour, equal string.</summary>
    private static string Behaviour(BlockTransform transform)
    {
        using var scope = NewDisposeScope();
        var m = transform.BlockSize;
        var levels = new float[4 * 3 * m * m];
        var random = new Random(12345);
        for (var i = 0; i < levels.Length; i++) levels[i] = random.Next(256) / 255f;
        var output = transform.Apply(tensor(levels, [4, 3, m, m]));
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(output.ToArray<float>().AsSpan());
        return Convert.ToHexString(SHA256.HashData(bytes));
    }
}
