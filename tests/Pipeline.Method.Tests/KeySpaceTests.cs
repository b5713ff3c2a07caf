using Pipeline.Method.Keys;
using Pipeline.Method.Models;
using Pipeline.Method.Transforms;

namespace Pipeline.Method.Tests;

public class KeySpaceTests
{
    private static KeySpace Of(string method, int? m, params string[] stages) =>
        new MethodSetting(ProtectionMethod.Named(method), m, stages.Length > 0 ? new MethodOptions(FeatureMaps: stages) : new MethodOptions(), ResNetDepth.ResNet18).KeySpace();

    [Fact]
    public void SmallCasesAreTheCountsThemselves()
    {
        // M = 1: L = 3 positions, 3! = 6 permutations, and C(3, 1) = 3 binary keys with one position selected.
        Assert.Equal(Math.Log2(6), Of("shf", 1).Log2Keys, 12);
        Assert.Equal(Math.Log2(3), Of("np", 1).Log2Keys, 12);
        Assert.Equal(1, Of("ffx", 1).Selected);
        // M = 2: L = 12, 12! = 479001600, C(12, 5) = 792.
        Assert.Equal(Math.Log2(479001600), Of("shf", 2).Log2Keys, 9);
        Assert.Equal(Math.Log2(792), Of("np", 2).Log2Keys, 9);
    }

    [Fact]
    public void SeedKeysReachAtMost32BitsAndStrongKeys256()
    {
        Assert.Equal(Math.Log2(792), Of("np", 2).Log2EffectiveSeed, 9);
        Assert.Equal(32, Of("shf", 4).Log2EffectiveSeed);
        Assert.Equal(Of("shf", 4).Log2Keys, Of("shf", 4).Log2EffectiveStrong);
        Assert.Equal(256, Of("shf", 8).Log2EffectiveStrong);
        Assert.Equal(256, Of("fmp", null).Log2EffectiveStrong);
        // Two permuted stages can be searched one at a time: one more bit, not twice as many.
        Assert.Equal(33, Of("fmp", null, "stem", "layer1").Log2EffectiveSeed);
        Assert.Equal(2 * Of("fmp", null).Log2Keys, Of("fmp", null, "stem", "layer1").Log2Keys, 9);
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => Of("xor", 4));
        Assert.Throws<ArgumentException>(() => Of("shf", null));
        Assert.Throws<ArgumentException>(() => Of("fmp", null, "layer9"));
    }
}
