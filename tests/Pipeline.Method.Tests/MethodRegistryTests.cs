using Pipeline.Method.Keys;
using Pipeline.Method.Transforms;

namespace Pipeline.Method.Tests;

public class MethodRegistryTests
{
    [Fact]
    public void NamesCreateTheirTransforms()
    {
        Assert.Equal(new[] { "shf", "np", "ffx" }, MethodRegistry.Names);
        var key = new SecretKey(3);
        using var shf = MethodRegistry.Create("shf", 4, key);
        using var np = MethodRegistry.Create("np", 4, key);
        using var ffx = MethodRegistry.Create("ffx", 4, key, new MethodOptions("other"));
        Assert.IsType<BlockShuffle>(shf);
        Assert.IsType<NegativePositive>(np);
        Assert.Equal("other", Assert.IsType<FfxTransform>(ffx).Cipher.Password);
        Assert.All(new[] { shf, np, ffx }, t => Assert.Equal((4, 48, key), (t.BlockSize, t.BlockLength, t.Key)));
        Assert.Equal("ffx", ffx.Name);
    }

    [Fact]
    public void UnknownNamesListTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => MethodRegistry.Create("xor", 4, new SecretKey(3)));
        Assert.Contains("'xor'", error.Message);
        Assert.Contains("shf, np, ffx", error.Message);
    }

    [Fact]
    public void TransformsNeverNameTheirKey()
    {
        using var t = MethodRegistry.Create("np", 8, new SecretKey(918273645));
        Assert.DoesNotContain("918273645", t.ToString());
        Assert.Equal("np M=8 (seed key)", t.ToString());
    }
}
