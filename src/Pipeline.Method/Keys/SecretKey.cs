using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Pipeline.TorchExtensions;
using static TorchSharp.torch;

namespace Pipeline.Method.Keys;

/// <summary>
/// A secret key, of one of two kinds. A <b>seed key</b> is the authors' construction: a non-negative 63-bit seed
/// whose block permutation is <c>manual_seed(seed); randperm(L)</c> on libtorch's CPU generator, so a seed gives
/// their key. libtorch seeds its Mersenne Twister with the low 32 bits only, so there are at most 2^32 seed keys
/// per method and block size, however large L! is: enough to reproduce the paper, searchable in hours on a GPU.
/// A <b>strong key</b> is 256 random bits from which the permutation is drawn by a Fisher–Yates shuffle over a
/// cryptographic stream (HMAC-SHA256 in counter mode), so the key space is the transform's own. Either way the
/// binary key (NP, FFX) is the positions j with perm[j] &gt; L/2. A key never prints itself: logs and reports
/// name it by a <see cref="KeyFingerprinter"/> fingerprint.
/// </summary>
public sealed class SecretKey : IEquatable<SecretKey>
{
    public const int StrongBytes = 32;
    private static readonly ConcurrentDictionary<(SecretKey key, int length), long[]> Permutations = new();
    // Bounds the cache (a 256×256 block's permutation is 1.5 MB) when many incorrect keys are tried.
    private const int CachedPermutations = 32;

    private readonly byte[]? strong;

    public SecretKey(long seed)
    {
        if (seed < 0) throw new ArgumentOutOfRangeException(nameof(seed), "a key seed must be a non-negative 63-bit integer");
        Seed = seed;
    }

    private SecretKey(byte[] strong) => this.strong = strong;

    /// <summary>A strong key from its 32 bytes.</summary>
    public static SecretKey Strong(ReadOnlySpan<byte> bytes) => bytes.Length == StrongBytes
        ? new SecretKey(bytes.ToArray())
        : throw new ArgumentException($"a strong key has {StrongBytes} bytes (64 hex digits), not {bytes.Length}", nameof(bytes));

    /// <summary>The seed of a seed key; null for a strong key. Print it only where the user asked to see it (pipeline key new).</summary>
    public long? Seed { get; }

    public bool IsStrong => strong is not null;

    public KeyKind Kind => IsStrong ? KeyKind.Strong : KeyKind.Seed;

    /// <summary>Bits of a seed key that reach a permutation: libtorch seeds its Mersenne Twister with 32.</summary>
    public const int SeedBits = 32;

    public const int StrongBits = 8 * StrongBytes;

    /// <summary>Bits of the key that reach the permutation: <see cref="SeedBits"/> or <see cref="StrongBits"/>.</summary>
    public int EffectiveBits => IsStrong ? StrongBits : SeedBits;

    /// <summary>A fresh seed key from the operating system's cryptographic generator.</summary>
    public static SecretKey NewRandom()
    {
        // libtorch seeds its generator with the seed's low 32 bits: a longer seed would only look stronger.
        Span<byte> bytes = stackalloc byte[4];
        RandomNumberGenerator.Fill(bytes);
        return new SecretKey(BitConverter.ToUInt32(bytes));
    }

    /// <summary>A fresh strong key from the operating system's cryptographic generator.</summary>
    public static SecretKey NewStrong() => new(RandomNumberGenerator.GetBytes(StrongBytes));

    /// <summary>The key as written in key files and key.secret: the seed's digits, or a strong key's 64 hex digits.</summary>
    public string Text => strong is null ? Seed!.Value.ToString(CultureInfo.InvariantCulture) : Convert.ToHexStringLower(strong);

    /// <summary>Reads <see cref="Text"/>: up to 19 decimal digits is a seed, 64 hex digits a strong key; null for anything else.</summary>
    public static SecretKey? Parse(string text)
    {
        text = text.Trim();
        if (text.Length is > 0 and <= 19 && text.All(char.IsAsciiDigit) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seed))
            return new SecretKey(seed);
        if (text.Length == 2 * StrongBytes && text.All(char.IsAsciiHexDigit)) return new SecretKey(Convert.FromHexString(text));
        return null;
    }

    /// <summary>
    /// The bytes a fingerprint is computed from: the kind and the key, so a seed and a strong key never share one.
    /// Secret like the key itself.
    /// </summary>
    internal byte[] Material()
    {
        if (strong is not null) return [(byte)'S', .. strong];
        var bytes = new byte[9];
        bytes[0] = (byte)'s';
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(1), Seed!.Value);
        return bytes;
    }

    /// <summary>
    /// Another key of the same kind, derived from this one and a counter by SHA-256 (one way: it tells nothing about
    /// this key); the access-control test draws its wrong keys so, reproducibly.
    /// </summary>
    public SecretKey Derive(string purpose, long counter)
    {
        var input = new byte[purpose.Length + (strong?.Length ?? 8) + 8];
        System.Text.Encoding.ASCII.GetBytes(purpose, input);
        if (strong is not null) strong.CopyTo(input, purpose.Length);
        else BinaryPrimitives.WriteInt64LittleEndian(input.AsSpan(purpose.Length), Seed!.Value);
        BinaryPrimitives.WriteInt64LittleEndian(input.AsSpan(input.Length - 8), counter);
        var digest = SHA256.HashData(input);
        return strong is null ? new SecretKey(BinaryPrimitives.ReadInt64LittleEndian(digest) & long.MaxValue) : new SecretKey(digest);
    }

    /// <summary>
    /// Position j of a transformed block takes position perm[j] of the plain block. For a seed key:
    /// <c>torch.manual_seed(seed); torch.randperm(length)</c>, drawn from a private generator seeded the same way,
    /// so deriving a key never disturbs the process's random stream (training stays reproducible).
    /// </summary>
    public long[] Permutation(int length)
    {
        if (length <= 0) throw new ArgumentOutOfRangeException(nameof(length), "a block vector has at least one position");
        if (!Permutations.TryGetValue((this, length), out var perm))
        {
            perm = strong is null ? SeedPermutation(Seed!.Value, length) : StrongPermutation(strong, length);
            if (Permutations.Count >= CachedPermutations) Permutations.Clear();
            Permutations[(this, length)] = perm;
        }
        return (long[])perm.Clone();
    }

    /// <summary>The binary key: positions j with perm[j] &gt; length/2 (integer division, strictly greater), ascending.</summary>
    public int[] Selection(int length)
    {
        var selected = SelectedBy(Permutation(length));
        return Enumerable.Range(0, length).Where(j => selected[j]).ToArray();
    }

    /// <summary>The paper's rule from a permutation of L positions to its binary key: position j is selected when perm[j] &gt; L/2.</summary>
    public static bool[] SelectedBy(IReadOnlyList<long> permutation) => permutation.Select(p => p > permutation.Count / 2).ToArray();

    private static long[] SeedPermutation(long seed, int length)
    {
        using var generator = new Generator((ulong)seed);
        using var t = randperm(length, generator: generator);
        return t.ToArray<long>();
    }

    // Fisher–Yates from the last position down, each swap partner uniform by rejection sampling over 64-bit draws
    // from the key's stream for this length, so every permutation of L positions is reachable with equal chance.
    private static long[] StrongPermutation(byte[] key, int length)
    {
        var perm = Enumerable.Range(0, length).Select(i => (long)i).ToArray();
        using var stream = new KeyStream(key, length);
        for (var i = length - 1; i > 0; i--)
        {
            var j = stream.Below((ulong)i + 1);
            (perm[i], perm[(long)j]) = (perm[(long)j], perm[i]);
        }
        return perm;
    }

    public bool Equals(SecretKey? other) =>
        other is not null && other.Seed == Seed && (strong is null ? other.strong is null : other.strong is not null && strong.AsSpan().SequenceEqual(other.strong));

    public override bool Equals(object? obj) => Equals(obj as SecretKey);

    public override int GetHashCode() => strong is null ? Seed!.Value.GetHashCode() : BinaryPrimitives.ReadInt32LittleEndian(strong);

    /// <summary>Never the key: a key ends up in logs through string interpolation.</summary>
    public override string ToString() => IsStrong ? "strong key" : "seed key";

    /// <summary>HMAC-SHA256(key, "permutation" ‖ length ‖ block counter), 32 bytes at a time.</summary>
    private sealed class KeyStream(byte[] key, int length) : IDisposable
    {
        private readonly HMACSHA256 mac = new(key);
        private byte[] block = [];
        private int used;
        private long counter;

        public ulong Below(ulong bound)
        {
            // Reject draws from the incomplete top range, so the result is exactly uniform in [0, bound).
            var limit = ulong.MaxValue - ulong.MaxValue % bound;
            while (true)
            {
                var draw = Next();
                if (draw < limit) return draw % bound;
            }
        }

        private ulong Next()
        {
            if (used + 8 > block.Length)
            {
                var message = new byte[11 + 4 + 8];
                "permutation"u8.CopyTo(message);
                BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(11), length);
                BinaryPrimitives.WriteInt64LittleEndian(message.AsSpan(15), counter++);
                block = mac.ComputeHash(message);
                used = 0;
            }
            var value = BinaryPrimitives.ReadUInt64LittleEndian(block.AsSpan(used));
            used += 8;
            return value;
        }

        public void Dispose() => mac.Dispose();
    }
}
