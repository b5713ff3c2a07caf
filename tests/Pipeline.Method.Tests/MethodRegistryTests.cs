using Pipeline.Method.Keys;
using Pipeline.Method.Transforms;

namespace Pipeline.Method.Tests;

public class MethodRegistryTests
{
    [Fact]
    public void NamesCreateTheirTransforms()
    {
        Assert.Equal(new[] { "shf", "np", "ffx", "fmp" }, MethodRegistry.Names);
        Assert.Equal([true, true, true, false], MethodRegistry.Names.Select(MethodRegistry.IsBlockwise));
        var key = new SecretKey(3);
        using var shf = MethodRegistry.Create("shf", 4, key);
        using var np = MethodRegistry.Create("np", 4, key);
        using var ffx = MethodRegistry.Create("ffx", 4, key, new MethodOptions("other"));
        Assert.IsType<BlockShuffle>(shf);
        Assert.IsType<NegativePositive>(np);
        Assert.Equal("other", Assert.IsType<FfxTransform>(ffx).Cipher.Password);
        Assert.All(new[] { shf, np, ffx }, t => Assert.Equal((4, 48), (t.BlockSize, t.BlockLength)));
        Assert.All(new[] { shf, np, ffx }, t => Assert.Equal(key.Permutation(48), t.Key.Permutation));
        Assert.All(new[] { shf, np, ffx }, t => Assert.Equal(key.Selection(48), Enumerable.Range(0, 48).Where(j => t.Key.Selected[j])));
        Assert.Equal("ffx", ffx.Name);
    }

    [Fact]
    public void UnknownNamesListTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => MethodRegistry.Create("xor", 4, new SecretKey(3)));
        Assert.Contains("'xor'", error.Message);
        Assert.Contains("shf, np, ffx, fmp", error.Message);
        Assert.Contains("no block-wise transform", Assert.Throws<ArgumentException>(() => MethodRegistry.Create("fmp", 4, new SecretKey(3))).Message);
    }

    [Fact]
    public void TransformsNeverNameTheirKey()
    {
        using var t = MethodRegistry.Create("np", 8, new SecretKey(918273645));
        Assert.DoesNotContain("918273645", t.ToString());
        Assert.Equal("np M=8", t.ToString());
    }
}
