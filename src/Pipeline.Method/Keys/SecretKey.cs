using Pipeline.TorchExtensions;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using static TorchSharp.torch;

namespace Pipeline.Method.Keys;

/// <summary>
/// A secret key: a non-negative 63-bit seed. The block permutation is <c>manual_seed(seed); randperm(L)</c>
/// on libtorch's CPU generator, exactly as the authors derive theirs, so a seed gives their key.
/// The seed is secret: <see cref="ToString"/> and logs show only the <see cref="Fingerprint"/>.
/// </summary>
/// <remarks>
/// libtorch seeds its Mersenne Twister with the low 32 bits of the seed, so seeds that differ only above
/// bit 31 give the same permutation; the fingerprint still tells them apart.
/// </remarks>
public sealed class SecretKey : IEquatable<SecretKey>
{
    // Domain separation: the fingerprint is a hash of this prefix and the seed, never of the seed alone.
    private static readonly byte[] FingerprintPrefix = Encoding.ASCII.GetBytes("pipeline/secret-key/fingerprint/v1\0");

    private static readonly ConcurrentDictionary<(long seed, int length), long[]> Permutations = new();
    // Bounds the cache (a 256×256 block's permutation is 1.5 MB) when many incorrect keys are tried.
    private const int CachedPermutations = 32;

    public SecretKey(long seed)
    {
        if (seed < 0) throw new ArgumentOutOfRangeException(nameof(seed), "a key seed must be a non-negative 63-bit integer");
        Seed = seed;
        Fingerprint = ComputeFingerprint(seed);
    }

    /// <summary>The secret itself. Print it only where the user asked to see it (pipeline key new).</summary>
    public long Seed { get; }

    /// <summary>12 hex characters of SHA-256 over a fixed prefix and the seed: names a key without revealing it.</summary>
    public string Fingerprint { get; }

    /// <summary>A fresh key from the operating system's cryptographic generator.</summary>
    public static SecretKey NewRandom()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return new SecretKey((long)(BitConverter.ToUInt64(bytes) >> 1));
    }

    /// <summary>
    /// <c>torch.manual_seed(seed); torch.randperm(length)</c>: position j of a transformed block takes
    /// position perm[j] of the plain block. Drawn from a private generator seeded the same way, so deriving a
    /// key never disturbs the process's random stream (training stays reproducible).
    /// </summary>
    public long[] Permutation(int length)
    {
        if (length <= 0) throw new ArgumentOutOfRangeException(nameof(length), "a block vector has at least one position");
        if (!Permutations.TryGetValue((Seed, length), out var perm))
        {
            using (var generator = new Generator((ulong)Seed))
            using (var t = randperm(length, generator: generator))
                perm = t.ToArray<long>();
            if (Permutations.Count >= CachedPermutations) Permutations.Clear();
            Permutations[(Seed, length)] = perm;
        }
        return (long[])perm.Clone();
    }

    /// <summary>The binary key: positions j with perm[j] &gt; length/2 (integer division, strictly greater), ascending.</summary>
    public int[] Selection(int length)
    {
        var perm = Permutation(length);
        var half = length / 2;
        return Enumerable.Range(0, length).Where(j => perm[j] > half).ToArray();
    }

    public bool Equals(SecretKey? other) => other is not null && other.Seed == Seed;

    public override bool Equals(object? obj) => Equals(obj as SecretKey);

    public override int GetHashCode() => Seed.GetHashCode();

    public override string ToString() => $"key {Fingerprint}";

    private static string ComputeFingerprint(long seed)
    {
        var message = new byte[FingerprintPrefix.Length + 8];
        FingerprintPrefix.CopyTo(message, 0);
        BitConverter.TryWriteBytes(message.AsSpan(FingerprintPrefix.Length), seed);
        if (!BitConverter.IsLittleEndian) message.AsSpan(FingerprintPrefix.Length).Reverse();
        return Convert.ToHexStringLower(SHA256.HashData(message))[..12];
    }
}
