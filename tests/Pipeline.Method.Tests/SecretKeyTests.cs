using Pipeline.Method.Keys;

namespace Pipeline.Method.Tests;

public class SecretKeyTests
{
    [Fact]
    public void ReferenceGeneratorMatchesTheStandardMt19937()
    {
        // The first outputs of std::mt19937 for seeds 5489 (its default) and 0.
        Assert.Equal(3499211612u, new Mt19937(5489).Next());
        Assert.Equal(2357136044u, new Mt19937(0).Next());
    }

    [Theory]
    [InlineData(0L, 3)]
    [InlineData(0L, 12)]
    [InlineData(1L, 48)]
    [InlineData(42L, 192)]
    [InlineData(123456789L, 768)]
    [InlineData(987654321987L, 3072)]
    public void PermutationIsTorchRandpermAfterManualSeed(long seed, int length) =>
        Assert.Equal(Mt19937.RandPerm((ulong)seed, length), new SecretKey(seed).Permutation(length));

    [Fact]
    public void KnownSmallKeys()
    {
        Assert.Equal(new long[] { 2, 0, 1 }, new SecretKey(0).Permutation(3));
        Assert.Equal(new long[] { 8, 0, 5, 9, 7, 4, 2, 10, 3, 1, 11, 6 }, new SecretKey(0).Permutation(12));
        Assert.Equal(new[] { 0, 3, 4, 7, 10 }, new SecretKey(0).Selection(12));
    }

    [Fact]
    public void KeysAreDeterministicPermutations()
    {
        var key = new SecretKey(20240607);
        foreach (var length in new[] { 3, 12, 48, 3072, 196608 })
        {
            var perm = key.Permutation(length);
            Assert.Equal(perm, new SecretKey(20240607).Permutation(length));
            Assert.Equal(Enumerable.Range(0, length).Select(i => (long)i), perm.Order());
        }
        Assert.NotEqual(new SecretKey(1).Permutation(768), new SecretKey(2).Permutation(768));
    }

    [Fact]
    public void SelectionIsPositionsAboveHalfAndAboutHalf()
    {
        var key = new SecretKey(7);
        foreach (var length in new[] { 3, 12, 48, 192, 768, 3072 })
        {
            var perm = key.Permutation(length);
            var selected = key.Selection(length);
            Assert.Equal(Enumerable.Range(0, length).Where(j => perm[j] > length / 2), selected);
            // perm is a bijection, so exactly the values length/2+1 .. length-1 are selected.
            Assert.Equal(length - 1 - length / 2, selected.Length);
        }
    }

    [Fact]
    public void OnlyTheLow32BitsOfTheSeedReachTheGenerator()
    {
        // libtorch's mt19937 takes seed & 0xffffffff; the fingerprint still tells the seeds apart.
        var low = new SecretKey(5);
        var high = new SecretKey(5 + (1L << 32));
        Assert.Equal(low.Permutation(48), high.Permutation(48));
        Assert.NotEqual(low.Fingerprint, high.Fingerprint);
    }

    [Fact]
    public void FingerprintHidesTheSeed()
    {
        foreach (var seed in new[] { 0L, 7L, 123456789L, long.MaxValue })
        {
            var key = new SecretKey(seed);
            Assert.Matches("^[0-9a-f]{12}$", key.Fingerprint);
            Assert.Equal(key.Fingerprint, new SecretKey(seed).Fingerprint);
            Assert.DoesNotContain(seed.ToString(), key.ToString());
            Assert.Contains(key.Fingerprint, key.ToString());
        }
        Assert.DoesNotContain("123456789", new SecretKey(123456789).Fingerprint);
        var fingerprints = Enumerable.Range(0, 100).Select(s => new SecretKey(s).Fingerprint).ToHashSet();
        Assert.Equal(100, fingerprints.Count);
    }

    [Fact]
    public void RandomKeysAreNonNegativeAndDistinct()
    {
        var keys = Enumerable.Range(0, 20).Select(_ => SecretKey.NewRandom()).ToArray();
        Assert.All(keys, k => Assert.True(k.Seed >= 0));
        Assert.Equal(20, keys.Select(k => k.Seed).Distinct().Count());
    }

    [Fact]
    public void NegativeSeedsAreRefused() => Assert.Throws<ArgumentOutOfRangeException>(() => new SecretKey(-1));
}
