using static Pipeline.Torch.Tests.TestDevice;
using F = Pipeline.Torch.nn.functional;

namespace Pipeline.Torch.Tests;

/// <summary>Operator results against values worked out by hand, on TestDevice.Current.</summary>
[Collection(LiveTensorCollection.Name)]   // the seeded randperm must not share the generator with parallel tests
public class OpTests
{
    // x[i, j] = 4i + j + 1 on a 4×4 grid: 1..16 row by row, the input of the convolution and pooling cases.
    private static Tensor Grid4x4() => Doubles(Enumerable.Range(1, 16).Select(v => (double)v).ToArray(), 1, 1, 4, 4);

    [Fact]
    public void IntegerScalarsKeepIntegerTensorsInteger()
    {
        using var scope = torch.NewDisposeScope();
        var a = Longs(new long[] { 1, 2, 3 });
        Expect.Longs(new long[] { 2, 3, 4 }, a + 1);
        Expect.Longs(new long[] { 2, 4, 6 }, a * 2);
        Expect.Longs(new long[] { 0, -1, -2 }, 1 - a);
        Expect.Longs(new long[] { 1, 0, 1 }, a % 2);
        var i32 = On(torch.tensor(new[] { 7, 8 }));
        Assert.Equal(ScalarType.Int32, (i32 + 1).dtype);                // a Python int does not widen int32
        var u8 = On(torch.tensor(new byte[] { 254, 255 }));
        var wrapped = u8 + 1;
        Assert.Equal(ScalarType.Byte, wrapped.dtype);
        Assert.Equal(new byte[] { 255, 0 }, wrapped.data<byte>());      // uint8 arithmetic wraps around
    }

    [Fact]
    public void FloatScalarsPromoteIntegerTensorsToTheDefaultFloat()
    {
        using var scope = torch.NewDisposeScope();
        var a = Longs(new long[] { 1, 2, 3 });
        var b = a + 0.5;
        Assert.Equal(ScalarType.Float32, b.dtype);
        Expect.Values(new[] { 1.5, 2.5, 3.5 }, b);
        var half = a / 2;                                                  // true division, as in Python 3
        Assert.Equal(ScalarType.Float32, half.dtype);
        Expect.Values(new[] { 0.5, 1.0, 1.5 }, half);
        var f = Floats(new float[] { 1, 2 });
        Assert.Equal(ScalarType.Float32, (f * 3).dtype);
        Expect.Values(new[] { 3.0, 6.0 }, f * 3);
        Expect.Values(new[] { 0.0, -2.5 }, 2.0 - f * 1.5 + 0.5 - f);          // rsub, then left to right
    }

    [Fact]
    public void TensorArithmeticBroadcasts()
    {
        using var scope = torch.NewDisposeScope();
        var m = Doubles(new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        var row = Doubles(new double[] { 10, 20, 30 }, 3);
        var col = Doubles(new double[] { 2, 4 }, 2, 1);
        Expect.Values(new double[] { 11, 22, 33, 14, 25, 36 }, m + row);
        Expect.Values(new double[] { -9, -18, -27, -6, -15, -24 }, m - row);
        Expect.Values(new double[] { 2, 4, 6, 16, 20, 24 }, m * col);
        Expect.Values(new double[] { 0.5, 1, 1.5, 1, 1.25, 1.5 }, m / col);
        Expect.Values(new double[] { 1, 4, 9, 16, 25, 36 }, m.pow(2));
        Expect.Values(new double[] { 21, 42, 63, 24, 45, 66 }, m.add(row, alpha: 2));
    }

    [Fact]
    public void MatmulMultipliesMatricesVectorsAndBatches()
    {
        using var scope = torch.NewDisposeScope();
        var a = Doubles(new double[] { 1, 2, 3, 4 }, 2, 2);
        var b = Doubles(new double[] { 5, 6, 7, 8 }, 2, 2);
        Expect.Values(new double[] { 19, 22, 43, 50 }, a.matmul(b));
        Expect.Values(new double[] { 19, 22, 43, 50 }, a.mm(b));
        var v = Doubles(new double[] { 1, -1 }, 2);
        var av = a.matmul(v);
        Expect.Shape(new long[] { 2 }, av);
        Expect.Values(new double[] { -1, -1 }, av);
        var batch = torch.stack(new[] { a, b });                          // [2, 2, 2] @ [2, 2] broadcasts over the batch
        var eye = Doubles(new double[] { 0, 1, 1, 0 }, 2, 2);              // swaps columns
        Expect.Values(new double[] { 2, 1, 4, 3, 6, 5, 8, 7 }, batch.matmul(eye));
    }

    [Fact]
    public void ReductionsOverAllAndOverDimensions()
    {
        using var scope = torch.NewDisposeScope();
        var x = Doubles(new double[] { 1, 5, 3, 4, 2, 6 }, 2, 3);
        Expect.Values(new double[] { 21 }, x.sum());
        Expect.Values(new double[] { 5, 7, 9 }, x.sum(new long[] { 0 }));
        var rows = x.sum(new long[] { 1 }, keepdim: true);
        Expect.Shape(new long[] { 2, 1 }, rows);
        Expect.Values(new double[] { 9, 12 }, rows);
        Expect.Values(new double[] { 3.5 }, x.mean());
        Expect.Values(new double[] { 3, 4 }, x.mean(new long[] { 1 }));
        Expect.Values(new double[] { 6 }, x.max());
        Expect.Values(new double[] { 1 }, x.min());
        var (values, indices) = x.max(1);
        Expect.Values(new double[] { 5, 6 }, values);
        Expect.Longs(new long[] { 1, 2 }, indices);
        var (minValues, minIndices) = x.min(0, keepdim: true);
        Expect.Shape(new long[] { 1, 3 }, minValues);
        Expect.Values(new double[] { 1, 2, 3 }, minValues);
        Expect.Longs(new long[] { 0, 1, 0 }, minIndices);
        // Sample variance of 1..6 is 3.5; the population variance is 35/12.
        Expect.Values(new[] { 3.5 }, x.var());
        Expect.Values(new[] { 35.0 / 12 }, x.var(unbiased: false));
        Expect.Values(new[] { Math.Sqrt(3.5) }, x.std());
        var ints = Longs(new long[] { 1, 2, 3 });
        Assert.Equal(ScalarType.Int64, ints.sum().dtype);
        Assert.Equal(6L, ints.sum().item<long>());
    }

    [Fact]
    public void ArgmaxFlattensWithoutADimension()
    {
        using var scope = torch.NewDisposeScope();
        var x = Doubles(new double[] { 1, 5, 3, 4, 2, 6 }, 2, 3);
        Expect.Longs(new long[] { 5 }, x.argmax());
        Expect.Longs(new long[] { 1, 0, 1 }, x.argmax(0));
        var keep = x.argmax(1, keepdim: true);
        Expect.Shape(new long[] { 2, 1 }, keep);
        Expect.Longs(new long[] { 1, 2 }, keep);
    }

    [Fact]
    public void CatAndStackJoinAlongADimension()
    {
        using var scope = torch.NewDisposeScope();
        var a = Doubles(new double[] { 1, 2, 3, 4 }, 2, 2);
        var b = Doubles(new double[] { 5, 6 }, 1, 2);
        var rows = torch.cat(new[] { a, b });
        Expect.Shape(new long[] { 3, 2 }, rows);
        Expect.Values(new double[] { 1, 2, 3, 4, 5, 6 }, rows);
        var c = Doubles(new double[] { 7, 8 }, 2, 1);
        Expect.Values(new double[] { 1, 2, 7, 3, 4, 8 }, torch.cat(new[] { a, c }, 1));
        var stacked = torch.stack(new[] { a, a * 10 }, 1);
        Expect.Shape(new long[] { 2, 2, 2 }, stacked);
        Expect.Values(new double[] { 1, 2, 10, 20, 3, 4, 30, 40 }, stacked);
    }

    [Fact]
    public void ViewsShareStridesAndContiguousCopies()
    {
        using var scope = torch.NewDisposeScope();
        var x = On(torch.arange(24, ScalarType.Int64)).view(2, 3, 4);
        Assert.Equal(new long[] { 12, 4, 1 }, x.stride());
        Assert.True(x.is_contiguous());
        var p = x.permute(2, 0, 1);                                       // p[k, i, j] = x[i, j, k] = 12i + 4j + k
        Expect.Shape(new long[] { 4, 2, 3 }, p);
        Assert.Equal(new long[] { 1, 12, 4 }, p.stride());
        Assert.False(p.is_contiguous());
        var expected = new List<long>();
        for (var k = 0; k < 4; k++)
        for (var i = 0; i < 2; i++)
        for (var j = 0; j < 3; j++) expected.Add(12 * i + 4 * j + k);
        Expect.Longs(expected.ToArray(), p);                               // data() reads in logical order
        var c = p.contiguous();
        Assert.Equal(new long[] { 6, 3, 1 }, c.stride());
        Assert.True(c.is_contiguous());
        Expect.Longs(expected.ToArray(), c.view(24));
        Assert.Throws<TorchException>(() => p.view(24));                   // a view cannot flatten these strides
        Expect.Longs(expected.ToArray(), p.reshape(-1));                   // reshape copies instead
        var t = x.transpose(0, 2);
        Assert.Equal(new long[] { 1, 4, 12 }, t.stride());
        Expect.Shape(new long[] { 6, 4 }, x.reshape(6, -1));
        Expect.Shape(new long[] { 2, 12 }, x.flatten(1));
        Expect.Shape(new long[] { 2, 1, 3, 4 }, x.unsqueeze(1));
        Expect.Shape(new long[] { 2, 3, 4 }, x.unsqueeze(1).squeeze(1));
    }

    [Fact]
    public void ChannelsLastKeepsValuesAndReordersStrides()
    {
        using var scope = torch.NewDisposeScope();
        var x = On(torch.arange(120, ScalarType.Float32)).view(2, 3, 4, 5);
        Assert.True(x.is_contiguous());
        Assert.False(x.is_contiguous(MemoryFormat.ChannelsLast));
        var nhwc = x.contiguous(MemoryFormat.ChannelsLast);
        Expect.Shape(new long[] { 2, 3, 4, 5 }, nhwc);
        Assert.Equal(new long[] { 60, 1, 15, 3 }, nhwc.stride());         // C fastest, then W, then H
        Assert.True(nhwc.is_contiguous(MemoryFormat.ChannelsLast));
        Assert.False(nhwc.is_contiguous());
        Assert.Equal(x.data<float>(), nhwc.data<float>());
        Assert.False(x.view(2, 3, 20).is_contiguous(MemoryFormat.ChannelsLast)); // channels-last is a 4-d layout
        Assert.True(torch.zeros(new long[] { 3, 0 }).is_contiguous());             // empty tensors are contiguous
    }

    [Fact]
    public void IndexSelectGatherAndScatter()
    {
        using var scope = torch.NewDisposeScope();
        var x = Doubles(new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        Expect.Values(new double[] { 3, 1, 6, 4 }, x.index_select(1, Longs(new long[] { 2, 0 })));
        Expect.Values(new double[] { 4, 5, 6 }, x.index_select(0, Longs(new long[] { 1 })));
        // gather(1, idx)[i, j] = x[i, idx[i, j]]
        Expect.Values(new double[] { 3, 3, 5, 4 }, x.gather(1, Longs(new long[] { 2, 2, 1, 0 }, 2, 2)));
        // scatter(1, idx, src)[i, idx[i, j]] = src[i, j] over zeros
        var zeros = torch.zeros(new long[] { 2, 3 }, ScalarType.Float64, Current);
        var src = Doubles(new double[] { 10, 20, 30, 40 }, 2, 2);
        Expect.Values(new double[] { 0, 20, 10, 30, 0, 40 }, zeros.scatter(1, Longs(new long[] { 2, 1, 0, 2 }, 2, 2), src));
        Expect.Values(new double[] { 7, 0, 0, 0, 0, 7 }, zeros.scatter(1, Longs(new long[] { 0, 2 }, 2, 1), 7.0));
        Expect.Values(new double[] { 0, 0, 0, 0, 0, 0 }, zeros);        // out of place: the input is untouched
        var counts = torch.zeros(new long[] { 3 }, ScalarType.Float64, Current)
            .scatter_add(0, Longs(new long[] { 0, 2, 0, 0 }), Doubles(new double[] { 1, 2, 3, 4 }));
        Expect.Values(new double[] { 8, 0, 2 }, counts);
    }

    [Fact]
    public void IndexPutAndAdvancedIndexing()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.zeros(new long[] { 3, 3 }, ScalarType.Float64, Current);
        var rows = Longs(new long[] { 0, 2 });
        var cols = Longs(new long[] { 1, 2 });
        x.index_put_(new Tensor?[] { rows, cols }, Doubles(new double[] { 5, 6 }));
        Expect.Values(new double[] { 0, 5, 0, 0, 0, 0, 0, 0, 6 }, x);
        x.index_put_(new Tensor?[] { rows, cols }, Doubles(new double[] { 1, 1 }), accumulate: true);
        Expect.Values(new double[] { 0, 6, 0, 0, 0, 0, 0, 0, 7 }, x);
        x.index_put_(new Tensor?[] { null, Longs(new long[] { 0 }) }, Doubles(new double[] { 9 }));   // x[:, [0]] = 9
        Expect.Values(new double[] { 9, 6, 0, 9, 0, 0, 9, 0, 7 }, x);
        Expect.Values(new double[] { 6, 7 }, x.index(rows, cols));
        Expect.Values(new double[] { 9, 6, 0, 9, 0, 7 }, x.index(rows));
    }

    [Fact]
    public void MaskedFillMaskedSelectAndWhere()
    {
        using var scope = torch.NewDisposeScope();
        var x = Doubles(new double[] { 1, -2, 3, -4 }, 2, 2);
        var negative = x < 0;
        Expect.Bools(new[] { false, true, false, true }, negative);
        Expect.Values(new double[] { 1, 0, 3, 0 }, x.masked_fill(negative, 0));
        Expect.Values(new double[] { -2, -4 }, x.masked_select(negative));
        Expect.Values(new double[] { 1, 2, 3, 4 }, torch.where(negative, -x, x));
        Expect.Values(new double[] { 1, 255, 3, 255 }, torch.where(negative, x * 0 + 255, x));
        Expect.Values(new double[] { 1, -1, 3, -1 }, torch.where(x > 0, x, -1.0));
        x.masked_fill_(negative, 8);
        Expect.Values(new double[] { 1, 8, 3, 8 }, x);
    }

    // Conv weight [[1, 2], [3, 4]] on the 1..16 grid: out[i, j] = x + 2(x+1) + 3(x+4) + 4(x+5) = 10x + 34 with x = x[i, j].
    [Fact]
    public void Conv2dPlainWithBias()
    {
        using var scope = torch.NewDisposeScope();
        var w = Doubles(new double[] { 1, 2, 3, 4 }, 1, 1, 2, 2);
        var y = F.conv2d(Grid4x4(), w, Doubles(new double[] { 0.5 }));
        Expect.Shape(new long[] { 1, 1, 3, 3 }, y);
        var expected = new List<double>();
        for (var i = 0; i < 3; i++)
        for (var j = 0; j < 3; j++) expected.Add(10 * (4 * i + j + 1) + 34 + 0.5);
        Expect.Values(expected.ToArray(), y);
    }

    // Padding 1, stride 2, dilation 2: the kernel taps padded[2p + 2a, 2q + 2b] (a, b in {0, 1}), padded[r, c] = x[r-1, c-1].
    // (0,0): 4·x11 = 24; (0,1): 3·x11 + 4·x13 = 50; (1,0): 2·x11 + 4·x31 = 68; (1,1): 6 + 2·8 + 3·14 + 4·16 = 128.
    [Fact]
    public void Conv2dWithPaddingStrideAndDilation()
    {
        using var scope = torch.NewDisposeScope();
        var w = Doubles(new double[] { 1, 2, 3, 4 }, 1, 1, 2, 2);
        var y = F.conv2d(Grid4x4(), w, stride: 2, padding: 1, dilation: 2);
        Expect.Shape(new long[] { 1, 1, 2, 2 }, y);
        Expect.Values(new double[] { 24, 50, 68, 128 }, y);
    }

    // Two input channels (x and 2x) into two output channels (sum of 1×1 taps, and their difference); groups=2 keeps them apart.
    [Fact]
    public void Conv2dMixesChannelsAndGroups()
    {
        using var scope = torch.NewDisposeScope();
        var x = Doubles(new double[] { 1, 2, 3, 4, 2, 4, 6, 8 }, 1, 2, 2, 2);
        var w = Doubles(new double[] { 1, 1, 1, -1 }, 2, 2, 1, 1);
        Expect.Values(new double[] { 3, 6, 9, 12, -1, -2, -3, -4 }, F.conv2d(x, w));
        var grouped = Doubles(new double[] { 10, 100 }, 2, 1, 1, 1);
        Expect.Values(new double[] { 10, 20, 30, 40, 200, 400, 600, 800 }, F.conv2d(x, grouped, groups: 2));
    }

    [Fact]
    public void MaxAndAveragePooling()
    {
        using var scope = torch.NewDisposeScope();
        var x = Grid4x4();
        Expect.Values(new double[] { 6, 8, 14, 16 }, F.max_pool2d(x, 2));
        // 3×3 windows at stride 2 with padding 1 cover rows/cols {-1..1} and {1..3}: maxima at x[1|3, 1|3].
        Expect.Values(new double[] { 6, 8, 14, 16 }, F.max_pool2d(x, 3, stride: 2, padding: 1));
        Expect.Values(new double[] { 3.5, 5.5, 11.5, 13.5 }, F.avg_pool2d(x, 2));
        Expect.Values(new double[] { 6, 7, 10, 11 }, F.avg_pool2d(x, 3, stride: 1));
        Expect.Values(new double[] { 8.5 }, F.adaptive_avg_pool2d(x, 1, 1));
        // 4 → 3 bins are [0,2), [1,3), [2,4): each output averages x[i..i+1, j..j+1] = x[i, j] + 2.5.
        var expected = new List<double>();
        for (var i = 0; i < 3; i++)
        for (var j = 0; j < 3; j++) expected.Add(4 * i + j + 1 + 2.5);
        Expect.Values(expected.ToArray(), F.adaptive_avg_pool2d(x, 3, 3));
    }

    // align_corners=false samples source (d + 0.5)/2 - 0.5 clamped at 0: positions 0, 0.25, 0.75, 1 for d = 0..3.
    // On [[1, 2], [3, 4]] the value at (y, x) is 1 + x + 2y.
    [Fact]
    public void BilinearUpsamplingWithoutAlignedCorners()
    {
        using var scope = torch.NewDisposeScope();
        var x = Doubles(new double[] { 1, 2, 3, 4 }, 1, 1, 2, 2);
        var y = F.interpolate(x, 4, 4);
        Expect.Shape(new long[] { 1, 1, 4, 4 }, y);
        var positions = new[] { 0, 0.25, 0.75, 1 };
        Expect.Values(positions.SelectMany(py => positions.Select(px => 1 + px + 2 * py)).ToArray(), y);
        // align_corners=true maps the corners onto each other: positions 0, 1/3, 2/3, 1.
        var aligned = new[] { 0, 1.0 / 3, 2.0 / 3, 1 };
        Expect.Values(aligned.SelectMany(py => aligned.Select(px => 1 + px + 2 * py)).ToArray(),
                      F.interpolate(x, 4, 4, align_corners: true), 1e-12);
    }

    [Fact]
    public void NearestResizeRepeatsAndDropsPixels()
    {
        using var scope = torch.NewDisposeScope();
        var x = Doubles(new double[] { 1, 2, 3, 4 }, 1, 1, 2, 2);
        // Source index floor(d · in/out): 0, 0, 1, 1.
        Expect.Values(new double[] { 1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4 }, F.interpolate(x, 4, 4, "nearest"));
        // Downsampling 4 → 2 keeps rows and columns 0 and 2.
        Expect.Values(new double[] { 1, 3, 9, 11 }, F.interpolate(Grid4x4(), 2, 2, "nearest"));
        var labels = Longs(new long[] { 0, 1, 2, 255 }, 1, 1, 2, 2).to(ScalarType.Float32);
        Expect.Values(new double[] { 0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 255, 255, 2, 2, 255, 255 }, F.interpolate(labels, 4, 4, "nearest"));
        Assert.Throws<ArgumentException>(() => F.interpolate(x, 4, 4, "bicubic"));
    }

    // With align_corners=false the identity grid puts pixel (i, j) of an H×W image at ((2j+1)/W - 1, (2i+1)/H - 1).
    [Fact]
    public void GridSampleWithTheIdentityGridReproducesTheInput()
    {
        using var scope = torch.NewDisposeScope();
        const int h = 2, w = 4;
        var input = On(torch.arange(2 * h * w, ScalarType.Float64)).view(1, 2, h, w);
        var grid = new double[h * w * 2];
        for (var i = 0; i < h; i++)
        for (var j = 0; j < w; j++)
        {
            grid[(i * w + j) * 2] = (2.0 * j + 1) / w - 1;
            grid[(i * w + j) * 2 + 1] = (2.0 * i + 1) / h - 1;
        }
        var g = Doubles(grid, 1, h, w, 2);
        var expected = Enumerable.Range(0, 2 * h * w).Select(v => (double)v).ToArray();
        Expect.Values(expected, F.grid_sample(input, g), 1e-12);
        Expect.Values(expected, F.grid_sample(input, g, "nearest"), 1e-12);
        // Half a pixel to the right samples halfway between neighbours; past the border the zero padding halves the edge.
        var shifted = Doubles(new[] { 0.0, -0.5, 0.5, -0.5, 1.0, -0.5 }, 1, 1, 3, 2);
        Expect.Values(new[] { 1.5, 2.5, 1.5, 9.5, 10.5, 5.5 }, F.grid_sample(input, shifted), 1e-12);
    }

    // log_softmax([0, ln 3]) = [-ln 4, ln 3 - ln 4].
    [Fact]
    public void LogSoftmaxNormalisesOverTheDimension()
    {
        using var scope = torch.NewDisposeScope();
        var x = Doubles(new[] { 0, Math.Log(3), 5, 5 }, 2, 2);
        Expect.Values(new[] { -Math.Log(4), Math.Log(0.75), -Math.Log(2), -Math.Log(2) }, F.log_softmax(x, 1), 1e-12);
        Expect.Values(new[] { 0.25, 0.75, 0.5, 0.5 }, F.softmax(x, -1), 1e-12);
    }

    // Pixels with logits [0, ln 3]: class 0 costs ln 4, class 1 costs ln 4/3. The third pixel (target 255) would
    // cost about 200 and must not count: the mean is over the two labelled pixels.
    [Fact]
    public void CrossEntropyIgnoresLabel255()
    {
        using var scope = torch.NewDisposeScope();
        var logits = Doubles(new[] { 0, 0, 100, Math.Log(3), Math.Log(3), -100 }, 1, 2, 1, 3);
        var target = Longs(new long[] { 0, 1, 1 }, 1, 1, 3);
        var ignored = Longs(new long[] { 0, 1, 255 }, 1, 1, 3);
        var expected = (Math.Log(4) + Math.Log(4.0 / 3)) / 2;
        Expect.Values(new[] { expected }, F.cross_entropy(logits, ignored, ignore_index: 255), 1e-12);
        Expect.Values(new[] { (Math.Log(4) + Math.Log(4.0 / 3) + 200) / 3 }, F.cross_entropy(logits, target), 1e-9);
        Expect.Values(new[] { expected }, F.nll_loss(F.log_softmax(logits, 1), ignored, ignore_index: 255), 1e-12);
    }

    [Fact]
    public void SlicingSplittingAndRepeating()
    {
        using var scope = torch.NewDisposeScope();
        var x = On(torch.arange(6, ScalarType.Int64)).view(2, 3);        // [[0, 1, 2], [3, 4, 5]]
        Expect.Longs(new long[] { 1, 2, 4, 5 }, x.narrow(1, 1, 2));
        Expect.Longs(new long[] { 3, 4, 5 }, x.select(0, 1));
        Expect.Longs(new long[] { 0, 2, 3, 5 }, x.slice(1, 0, null, 2));
        Expect.Longs(new long[] { 1, 4 }, x.slice(1, -2, -1));
        Expect.Longs(new long[] { 2, 1, 0, 5, 4, 3 }, x.flip(1));
        Expect.Longs(new long[] { 0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5 }, x.repeat(1, 2));
        var column = x.slice(1, 0, 1);                                     // [[0], [3]]
        Expect.Longs(new long[] { 0, 0, 3, 3 }, column.expand(2, 2));
        Assert.Equal(new long[] { 3, 0 }, column.expand(2, 2).stride());  // expand broadcasts without copying
        var parts = On(torch.arange(5, ScalarType.Int64)).split(2);
        Assert.Equal(3, parts.Length);
        Expect.Longs(new long[] { 4 }, parts[2]);
        var rows = x.unbind();
        Assert.Equal(2, rows.Length);
        Expect.Longs(new long[] { 3, 4, 5 }, rows[1]);
        Expect.Longs(new long[] { 0, 1, 3, 6, 10, 15 }, x.flatten().cumsum(0));
    }

    [Fact]
    public void SortAndArgsort()
    {
        using var scope = torch.NewDisposeScope();
        var x = Doubles(new double[] { 3, 1, 2 });
        var (values, indices) = x.sort();
        Expect.Values(new double[] { 1, 2, 3 }, values);
        Expect.Longs(new long[] { 1, 2, 0 }, indices);
        var (down, downIndices) = x.sort(descending: true);
        Expect.Values(new double[] { 3, 2, 1 }, down);
        Expect.Longs(new long[] { 0, 2, 1 }, downIndices);
        Expect.Longs(new long[] { 1, 2, 0 }, x.argsort());
    }

    [Fact]
    public void ElementwiseFunctions()
    {
        using var scope = torch.NewDisposeScope();
        var x = Doubles(new double[] { 0, 1, 4 });
        Expect.Values(new[] { 1, Math.E, Math.Exp(4) }, x.exp(), 1e-12);
        Expect.Values(new[] { 0, Math.Log(4) }, x.slice(0, 1, null).log(), 1e-12);
        Expect.Values(new double[] { 0, 1, 2 }, x.sqrt(), 1e-12);
        Expect.Values(new[] { 1, 0.5 }, x.slice(0, 1, null).rsqrt(), 1e-12);
        Expect.Values(new[] { 0.5, 1 / (1 + Math.Exp(-1)), 1 / (1 + Math.Exp(-4)) }, x.sigmoid(), 1e-12);
        Expect.Values(new[] { 0, Math.Tanh(1), Math.Tanh(4) }, x.tanh(), 1e-12);
        Expect.Values(new[] { 0, Math.Sin(1), Math.Sin(4) }, x.sin(), 1e-12);
        Expect.Values(new[] { 1, Math.Cos(1), Math.Cos(4) }, x.cos(), 1e-12);
        Expect.Values(new double[] { 0, -1, -4 }, -x);
        Expect.Values(new double[] { 0, 0, 4 }, (x - 1).relu() * 4 / 3);
        var odd = Doubles(new[] { double.NaN, double.PositiveInfinity, 1 });
        Expect.Bools(new[] { true, false, false }, odd.isnan());
        Expect.Bools(new[] { false, false, true }, odd.isfinite());
    }

    [Fact]
    public void InPlaceOperationsUpdateTheTensorItself()
    {
        using var scope = torch.NewDisposeScope();
        var x = Doubles(new double[] { 1, -2, 3 });
        var alias = x.view(3);                                             // shares storage, so it sees every update
        x.add_(Doubles(new double[] { 1, 1, 1 }), alpha: 2);
        Expect.Values(new double[] { 3, 0, 5 }, alias);
        x.add_(1).sub_(Doubles(new double[] { 4, 1, 6 })).mul_(2);
        Expect.Values(new double[] { 0, 0, 0 }, alias);
        x.fill_(3).mul_(Doubles(new double[] { 1, -1, 2 })).div_(2);
        Expect.Values(new double[] { 1.5, -1.5, 3 }, alias);
        x.relu_();
        Expect.Values(new double[] { 1.5, 0, 3 }, alias);
        x.copy_(Floats(new float[] { 7, 8, 9 }));                          // copy_ converts the element type
        Expect.Values(new double[] { 7, 8, 9 }, alias);
        x.zero_();
        Expect.Values(new double[] { 0, 0, 0 }, alias);
        torch.manual_seed(5);
        var u = torch.empty(new long[] { 1000 }, ScalarType.Float64, Current).uniform_(2, 3);
        Assert.All(u.data<double>(), v => Assert.InRange(v, 2, 3));
        var n = torch.empty(new long[] { 10000 }, ScalarType.Float64, Current).normal_(5, 2);
        Assert.InRange(n.mean().ToDouble(), 4.9, 5.1);                   // 6 standard errors (0.02) either side
        Assert.InRange(n.std().ToDouble(), 1.9, 2.1);
    }

    // linear: y = x Wᵀ + b.
    [Fact]
    public void LinearAndDropout()
    {
        using var scope = torch.NewDisposeScope();
        var x = Doubles(new double[] { 1, 2 }, 1, 2);
        var w = Doubles(new double[] { 1, 0, 1, 1, 0, -1 }, 3, 2);
        Expect.Values(new double[] { 1.5, 3.5, -1.5 }, F.linear(x, w, Doubles(new[] { 0.5, 0.5, 0.5 })));
        var ones = torch.ones(new long[] { 10000 }, ScalarType.Float64, Current);
        Expect.Values(Enumerable.Repeat(1.0, 10000).ToArray(), F.dropout(ones, 0.5, training: false));
        torch.manual_seed(6);
        var dropped = F.dropout(ones, 0.25).data<double>();
        Assert.All(dropped, v => Assert.True(v == 0 || Math.Abs(v - 1 / 0.75) < 1e-12, $"{v}"));  // survivors scale by 1/(1-p)
        Assert.InRange(dropped.Count(v => v == 0), 2250, 2750);           // about a quarter dropped
    }

    [Fact]
    public void BincountCountsNonNegativeIntegers()
    {
        using var scope = torch.NewDisposeScope();
        var x = Longs(new long[] { 0, 1, 1, 3 });
        Expect.Longs(new long[] { 1, 2, 0, 1 }, x.bincount());
        Expect.Longs(new long[] { 1, 2, 0, 1, 0, 0 }, x.bincount(minlength: 6));
        Expect.Values(new[] { 0.5, 3, 0, 4 }, x.bincount(Doubles(new[] { 0.5, 1, 2, 4 })));
    }

    [Fact]
    public void ClampFloorRoundAndFriends()
    {
        using var scope = torch.NewDisposeScope();
        var x = Doubles(new[] { -2.5, -1.5, -0.5, 0.5, 1.5, 2.5 });
        Expect.Values(new[] { -1, -1, -0.5, 0.5, 1, 1 }, x.clamp(-1, 1));
        Expect.Values(new[] { 0, 0, 0, 0.5, 1.5, 2.5 }, x.clamp(min: 0));
        Expect.Values(new[] { -2.5, -1.5, -0.5, 0.5, 1, 1 }, x.clamp(max: 1));
        Expect.Values(new[] { -3.0, -2, -1, 0, 1, 2 }, x.floor());
        Expect.Values(new[] { -2.0, -1, 0, 1, 2, 3 }, x.ceil());
        Expect.Values(new[] { -2.0, -2, 0, 0, 2, 2 }, x.round());        // half to even, as torch.round
        Expect.Values(new[] { 2.5, 1.5, 0.5, 0.5, 1.5, 2.5 }, x.abs());
        Expect.Values(new[] { -1.0, -1, -1, 1, 1, 1 }, x.sign());
        var ints = Longs(new long[] { -5, 0, 5 });
        Expect.Longs(new long[] { -2, 0, 2 }, ints.clamp(-2, 2));
        var y = Doubles(new[] { -3.0, 3 });
        y.clamp_(min: -1);
        Expect.Values(new[] { -1.0, 3 }, y);
    }

    [Fact]
    public void ComparisonsGiveBooleanTensors()
    {
        using var scope = torch.NewDisposeScope();
        var a = Doubles(new double[] { 1, 2, 3 });
        var b = Doubles(new double[] { 3, 2, 1 });
        Expect.Bools(new[] { true, false, false }, a < b);
        Expect.Bools(new[] { true, true, false }, a <= b);
        Expect.Bools(new[] { false, false, true }, a > b);
        Expect.Bools(new[] { false, true, true }, a >= b);
        Expect.Bools(new[] { false, true, false }, a.eq(b));
        Expect.Bools(new[] { true, false, true }, a.ne(b));
        Expect.Bools(new[] { false, true, false }, a.eq(2));
        Expect.Bools(new[] { true, false, true }, a.ne(2));
        Expect.Bools(new[] { false, false, true }, a > 2);
        Expect.Bools(new[] { false, true, true }, a >= 2);
        Expect.Bools(new[] { true, false, false }, a < 2);
        Expect.Bools(new[] { true, true, false }, a <= 2);
        Expect.Bools(new[] { false, true, false }, (a > 1) & (b > 1));
        Expect.Bools(new[] { true, true, true }, (a > 1) | (b > 1));
        Expect.Bools(new[] { true, false, false }, !(a > 1));
        Assert.True((a > 0).all().item<bool>());
        Assert.False((a > 2).all().item<bool>());
        Assert.True((a > 2).any().item<bool>());
        var longs = Longs(new long[] { 1, 2 });
        Expect.Bools(new[] { false, true }, longs.eq(2.0));
    }

    [Fact]
    public void RandpermAfterManualSeedIsReproducibleAndAPermutation()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(1234);
        var first = torch.randperm(48).data<long>();
        torch.manual_seed(1234);
        var second = torch.randperm(48).data<long>();
        Assert.Equal(first, second);
        Assert.Equal(Enumerable.Range(0, 48).Select(v => (long)v), first.Order());
        Assert.NotEqual(Enumerable.Range(0, 48).Select(v => (long)v), first);
        torch.manual_seed(1235);
        Assert.NotEqual(first, torch.randperm(48).data<long>());
        var sorted = torch.tensor(first).argsort();                       // argsort of a permutation is its inverse
        var inverse = sorted.data<long>();
        for (var k = 0; k < 48; k++) Assert.Equal(k, inverse[first[k]]);
    }

    [Fact]
    public void RandintStaysInItsHalfOpenRange()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(7);
        var r = torch.randint(3, 7, new long[] { 1000 }, device: Current);
        Assert.Equal(ScalarType.Int64, r.dtype);
        var values = r.data<long>();
        Assert.All(values, v => Assert.InRange(v, 3, 6));
        Assert.Equal(new long[] { 3, 4, 5, 6 }, values.Distinct().Order());  // 1000 draws hit all four values
        Assert.Equal(ScalarType.Int32, torch.randint(0, 2, new long[] { 4 }, ScalarType.Int32).dtype);
    }

    [Fact]
    public void DtypeConversions()
    {
        using var scope = torch.NewDisposeScope();
        var f = Floats(new[] { 1.75f, -1.75f, 0f, 250.9f });
        var i = f.to(ScalarType.Int32);
        Assert.Equal(ScalarType.Int32, i.dtype);
        Assert.Equal(new[] { 1, -1, 0, 250 }, i.data<int>());            // truncation towards zero
        Assert.Equal(new long[] { 1, -1, 0, 250 }, f.to(ScalarType.Int64).data<long>());
        Assert.Equal(new[] { true, true, false, true }, f.to(ScalarType.Bool).data<bool>());
        Assert.Equal(new double[] { 1.75, -1.75, 0, (double)250.9f }, f.to(ScalarType.Float64).data<double>());
        var bytes = Floats(new[] { 0f, 1.9f, 128.5f, 255f }).to(ScalarType.Byte);
        Assert.Equal(new byte[] { 0, 1, 128, 255 }, bytes.data<byte>());
        Assert.Equal(new[] { 0f, 1f, 128f, 255f }, bytes.to(ScalarType.Float32).data<float>());
        // bfloat16 keeps 8 significant bits: 1 + 2^-8 is halfway and rounds to even (1), 1 + 3·2^-8 rounds up to 1 + 2^-6.
        var bf = Floats(new[] { 3f, 1.00390625f, 1.01171875f }).to(ScalarType.BFloat16);
        Assert.Equal(ScalarType.BFloat16, bf.dtype);
        Assert.Equal(new[] { 3f, 1f, 1.015625f }, bf.to(ScalarType.Float32).data<float>());
        var half = Floats(new[] { 0.5f }).to(ScalarType.Float16);
        Assert.Equal((Half)0.5f, half.data<Half>()[0]);
        Assert.Equal(new sbyte[] { -1 }, Longs(new long[] { 255 }).to(ScalarType.Int8).data<sbyte>()); // wraps
        Assert.Equal(new short[] { 300 }, Longs(new long[] { 300 }).to(ScalarType.Int16).data<short>());
        Assert.Equal(Current, f.to(ScalarType.Float64).device);
        Assert.Equal(Device.CPU, f.cpu().device);
        Assert.Equal(2.5, Floats(new[] { 2.5f }).ToDouble());
    }

    [Fact]
    public void FromBytesReadsLittleEndianElements()
    {
        using var scope = torch.NewDisposeScope();
        var raw = new List<byte>();
        foreach (var v in new[] { 1.5f, -2f, 0.25f, 8f }) raw.AddRange(BitConverter.GetBytes(v));
        var floats = torch.from_bytes(raw.ToArray(), ScalarType.Float32, 2, 2);
        Assert.Equal(ScalarType.Float32, floats.dtype);
        Expect.Shape(new long[] { 2, 2 }, floats);
        Assert.Equal(new[] { 1.5f, -2f, 0.25f, 8f }, floats.data<float>());
        var shorts = torch.from_bytes(new byte[] { 0x01, 0x02, 0xFF, 0xFF }, ScalarType.Int16);
        Expect.Shape(new long[] { 2 }, shorts);                          // no shape: one dimension, as torch.frombuffer
        Assert.Equal(new short[] { 0x0201, -1 }, shorts.data<short>());
        var pixels = torch.from_bytes(new byte[] { 1, 2, 3, 4, 5, 6 }, ScalarType.Byte, 1, 2, 3);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, pixels.data<byte>());
        Assert.Throws<TorchException>(() => torch.from_bytes(new byte[] { 1, 2, 3 }, ScalarType.Float32));
    }

    [Fact]
    public void DataChecksTheElementType()
    {
        using var scope = torch.NewDisposeScope();
        var f = Floats(new[] { 1f, 2f });
        Assert.Equal(new[] { 1f, 2f }, f.data<float>());
        Assert.Throws<InvalidOperationException>(() => f.data<double>());
        Assert.Throws<InvalidOperationException>(() => f.data<int>());    // same size, different type
        Assert.Throws<InvalidOperationException>(() => Longs(new long[] { 1 }).data<double>());
        Assert.Throws<InvalidOperationException>(() => Bools(new[] { true }).data<byte>());
        Assert.Throws<InvalidOperationException>(() => f.item<float>());  // item needs exactly one element
        Assert.Equal(2f, f.index_select(0, Longs(new long[] { 1 })).item<float>());
    }

    [Fact]
    public void FactoriesFillShapesAndTypes()
    {
        using var scope = torch.NewDisposeScope();
        var z = torch.zeros(new long[] { 2, 3 }, device: Current);
        Assert.Equal(ScalarType.Float32, z.dtype);
        Assert.Equal(Current, z.device);
        Expect.Values(new double[6], z);
        Expect.Values(Enumerable.Repeat(1.0, 4).ToArray(), torch.ones(new long[] { 4 }, ScalarType.Float64, Current));
        Expect.Values(new[] { 2.5, 2.5 }, torch.full(new long[] { 2 }, 2.5, device: Current));
        Expect.Longs(new long[] { 2, 4, 6 }, torch.arange(2, 8, 2, device: Current));
        Expect.Values(new[] { 0, 0.5, 1.0, 1.5 }, torch.arange(0.0, 2.0, 0.5, ScalarType.Float64));
        var like = torch.ones_like(Longs(new long[] { 5, 6 }));
        Expect.Longs(new long[] { 1, 1 }, like);
        Expect.Shape(new long[] { 3, 1 }, torch.empty(new long[] { 3, 1 }, device: Current));
        var eye3 = F.one_hot(Longs(new long[] { 0, 2, 1 }), 3);
        Expect.Longs(new long[] { 1, 0, 0, 0, 0, 1, 0, 1, 0 }, eye3);
        var padded = F.pad(Doubles(new double[] { 1, 2 }, 1, 1, 1, 2), 1, 0, 0, 1, value: -1);
        Expect.Shape(new long[] { 1, 1, 2, 3 }, padded);
        Expect.Values(new double[] { -1, 1, 2, -1, -1, -1 }, padded);
    }
}
