using Pipeline.Method.Transforms;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Method.Tests;

public class BlockSegmentationTests
{
    [Fact]
    public void PositionIsRowTimesMPlusColumnTimesThreePlusChannel()
    {
        using var scope = NewDisposeScope();
        // x[0, c, h, w] = 1000·c + 10·h + w on a 4×4 image, M = 2.
        var data = new float[3 * 4 * 4];
        for (var c = 0; c < 3; c++)
            for (var h = 0; h < 4; h++)
                for (var w = 0; w < 4; w++) data[(c * 4 + h) * 4 + w] = 1000 * c + 10 * h + w;
        var blocks = BlockSegmentation.Segment(torch.tensor(data, [1, 3, 4, 4]), 2);
        Assert.Equal(new long[] { 1, 2, 2, 12 }, blocks.shape);
        var values = blocks.contiguous().ToArray<float>();
        for (var bh = 0; bh < 2; bh++)
            for (var bw = 0; bw < 2; bw++)
                for (var p = 0; p < 12; p++)
                {
                    var (row, col, channel) = (p / 3 / 2, p / 3 % 2, p % 3);
                    var expected = 1000 * channel + 10 * (bh * 2 + row) + (bw * 2 + col);
                    Assert.Equal(expected, values[((bh * 2 + bw) * 12) + p]);
                }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void IntegrateInvertsSegment(int m)
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(3);
        var images = torch.rand(new long[] { 2, 3, 8, 16 });
        var restored = BlockSegmentation.Integrate(BlockSegmentation.Segment(images, m), m);
        Assert.Equal(images.ToArray<float>(), restored.ToArray<float>());
        Assert.True(restored.is_contiguous());
    }

    [Theory]
    [InlineData(0, 8, 8)]
    [InlineData(-2, 8, 8)]
    [InlineData(3, 8, 8)]
    [InlineData(4, 8, 6)]
    [InlineData(16, 8, 8)]
    public void BadBlockSizesNameTheBlockSizeHeightAndWidth(int m, int h, int w)
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => BlockSegmentation.Segment(torch.zeros(new long[] { 1, 3, h, w }), m));
        Assert.Contains($"block size {m}", error.Message);
        Assert.Contains($"height {h}", error.Message);
        Assert.Contains($"width {w}", error.Message);
    }

    [Fact]
    public void NonRgbBatchesAreRefused()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => BlockSegmentation.Segment(torch.zeros(new long[] { 1, 1, 4, 4 }), 2));
        Assert.Throws<ArgumentException>(() => BlockSegmentation.Segment(torch.zeros(new long[] { 3, 4, 4 }), 2));
    }
}
