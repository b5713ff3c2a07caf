using Pipeline.Method.Keys;
using Pipeline.Method.Transforms;

namespace Pipeline.Method.Tests;

public class ProtectionMethodTests
{
    [Fact]
    public void NamesCreateTheirTransforms()
    {
        Assert.Equal(new[] { "shf", "np", "ffx", "fmp" }, ProtectionMethod.Names);
        Assert.Equal([true, true, true, false], ProtectionMethod.Names.Select(ProtectionMethod.IsBlockwise));
        var key = new SecretKey(3);
        using var shf = ProtectionMethod.Blockwise("shf").Transform(4, key, new MethodOptions());
        using var np = ProtectionMethod.Blockwise("np").Transform(4, key, new MethodOptions());
        using var ffx = ProtectionMethod.Blockwise("ffx").Transform(4, key, new MethodOptions("other"));
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
        var error = Assert.Throws<ArgumentException>(() => ProtectionMethod.Blockwise("xor").Transform(4, new SecretKey(3), new MethodOptions()));
        Assert.Contains("'xor'", error.Message);
        Assert.Contains("shf, np, ffx, fmp", error.Message);
        Assert.Contains("no block-wise transform", Assert.Throws<ArgumentException>(() => ProtectionMethod.Blockwise("fmp").Transform(4, new SecretKey(3), new MethodOptions())).Message);
    }

    [Fact]
    public void TransformsNeverNameTheirKey()
    {
        using var t = ProtectionMethod.Blockwise("np").Transform(8, new SecretKey(918273645), new MethodOptions());
        Assert.DoesNotContain("918273645", t.ToString());
        Assert.Equal("np M=8", t.ToString());
    }
}
