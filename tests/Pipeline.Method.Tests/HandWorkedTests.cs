using Pipeline.Method.Keys;
using Pipeline.Method.Transforms;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Method.Tests;

/// <summary>
/// Each method on tiny images with key seed 0, whose permutations are perm = [2, 0, 1] (L = 3, selected {0})
/// and perm = [8, 0, 5, 9, 7, 4, 2, 10, 3, 1, 11, 6] (L = 12, selected {0, 3, 4, 7, 10}); expected outputs
/// are worked out by hand from the README's method section. FFX values come from lut("password"): lut[10] = 203,
/// lut[40] = 903, lut[50] = 824, lut[80] = 116, lut[110] = 490, max = 996.
/// </summary>
public class HandWorkedTests
{
    private static readonly SecretKey Key = new(0);

    // M = 1: two pixels (R, G, B) = (10, 20, 30) and (40, 50, 60), stored NCHW as R R G G B B.
    private static readonly double[] TwoPixels = [10, 40, 20, 50, 30, 60];

    // M = 2: one block whose vector is 10, 20, ..., 120.
    private static readonly double[] OneBlock = Enumerable.Range(1, 12).Select(p => 10.0 * p).ToArray();

    [Fact]
    public void KeyOfSeedZero()
    {
        Assert.Equal(new long[] { 2, 0, 1 }, Key.Permutation(3));
        Assert.Equal(new long[] { 8, 0, 5, 9, 7, 4, 2, 10, 3, 1, 11, 6 }, Key.Permutation(12));
    }

    [Fact]
    public void ShuffleOnePixelBlocks() =>
        // y = (x[2], x[0], x[1]) per pixel: (R, G, B) becomes (B, R, G).
        Check(new BlockShuffle(1, Key), PixelPair(), [30, 60, 10, 40, 20, 50], 255);

    [Fact]
    public void NegativePositiveOnePixelBlocks() =>
        // Only position 0 (red) is selected: R becomes 255 − R.
        Check(new NegativePositive(1, Key), PixelPair(), [245, 215, 20, 50, 30, 60], 255);

    [Fact]
    public void FfxOnePixelBlocks() =>
        // Red goes through the table, green and blue keep v, everything over max(lut) = 996.
        Check(new FfxTransform(1, Key), PixelPair(), [203, 903, 20, 50, 30, 60], 996);

    [Fact]
    public void ShuffleTwoByTwoBlock() =>
        // y[j] = x[perm[j]] = 10·(perm[j] + 1).
        Check(new BlockShuffle(2, Key), TestImages.FromBlock(OneBlock, 2),
              Nchw([90, 10, 60, 100, 80, 50, 30, 110, 40, 20, 120, 70]), 255);

    [Fact]
    public void NegativePositiveTwoByTwoBlock() =>
        Check(new NegativePositive(2, Key), TestImages.FromBlock(OneBlock, 2),
              Nchw([245, 20, 30, 215, 205, 60, 70, 175, 90, 100, 145, 120]), 255);

    [Fact]
    public void FfxTwoByTwoBlock() =>
        Check(new FfxTransform(2, Key), TestImages.FromBlock(OneBlock, 2),
              Nchw([203, 20, 30, 903, 824, 60, 70, 116, 90, 100, 490, 120]), 996);

    private static Tensor PixelPair() => torch.tensor(TestImages.Scaled(TwoPixels, 255), [1, 3, 1, 2]);

    // A 2×2 block vector in NCHW order: channel-major, then row, then column.
    private static double[] Nchw(double[] block)
    {
        var data = new double[12];
        for (var p = 0; p < 12; p++) data[(p % 3) * 4 + p / 3] = block[p];
        return data;
    }

    private static void Check(BlockTransform transform, Tensor input, double[] expected, double scale)
    {
        using var scope = NewDisposeScope();
        using (transform)
        {
            var y = transform.Apply(input);
            TestImages.AssertClose(TestImages.Scaled(expected, scale), y);
            TestImages.AssertClose(input.ToArray<float>(), transform.Invert(y));
        }
    }
}
