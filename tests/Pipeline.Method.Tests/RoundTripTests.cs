using Pipeline.Method.Keys;
using Pipeline.Method.Transforms;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Method.Tests;

public class RoundTripTests
{
    public static TheoryData<string, int> Cases()
    {
        var cases = new TheoryData<string, int>();
        foreach (var method in ProtectionMethod.BlockwiseNames)
            for (var m = 1; m <= 256; m *= 2) cases.Add(method, m);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void InvertUndoesApplyOn256x256Batches(string method, int blockSize)
    {
        using var scope = NewDisposeScope();
        // 8-bit images, since FFX quantises to 8 bits and so inverts exactly only there.
        var images = TestImages.Random8Bit(4, 256, 256, (ulong)blockSize);
        using var transform = ProtectionMethod.Blockwise(method).Transform(blockSize, new SecretKey(1234 + blockSize), new MethodOptions());
        var protectedImages = transform.Apply(images);

        Assert.Equal(images.shape, protectedImages.shape);
        Assert.Equal(ScalarType.Float32, protectedImages.dtype);
        Assert.True(protectedImages.ge(0).all().item<bool>() && protectedImages.le(1).all().item<bool>());
        Assert.False(protectedImages.eq(images).all().item<bool>(), "the transform left the images unchanged");

        var restored = transform.Invert(protectedImages);
        var error = restored.sub(images).abs().max().ToDouble();
        if (method == "shf") Assert.Equal(0.0, error);
        else Assert.True(error < 1e-6, $"{method} M={blockSize}: largest error {error}");
    }

    [Fact]
    public void FfxInverseRecoversEightBitQuantisation()
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(5);
        var images = torch.rand(new long[] { 2, 3, 8, 8 });
        using var ffx = new FfxTransform(4, new SecretKey(9));
        var restored = ffx.Invert(ffx.Apply(images));
        var quantised = images.mul(255).floor().div(255);
        Assert.True(restored.sub(quantised).abs().max().ToDouble() < 1e-6);
    }

    [Fact]
    public void SameKeySameOutput()
    {
        using var scope = NewDisposeScope();
        var images = TestImages.Random8Bit(2, 16, 16, 11);
        foreach (var method in ProtectionMethod.BlockwiseNames)
        {
            using var a = ProtectionMethod.Blockwise(method).Transform(4, new SecretKey(77), new MethodOptions());
            using var b = ProtectionMethod.Blockwise(method).Transform(4, new SecretKey(77), new MethodOptions());
            using var other = ProtectionMethod.Blockwise(method).Transform(4, new SecretKey(78), new MethodOptions());
            Assert.Equal(a.Apply(images).ToArray<float>(), b.Apply(images).ToArray<float>());
            Assert.NotEqual(a.Apply(images).ToArray<float>(), other.Apply(images).ToArray<float>());
        }
    }

    [Fact]
    public void IntegerImagesAreRefused()
    {
        using var scope = NewDisposeScope();
        using var np = new NegativePositive(2, new SecretKey(1));
        Assert.Throws<ArgumentException>(() => np.Apply(torch.zeros(new long[] { 1, 3, 4, 4 }, ScalarType.Byte)));
    }
}
