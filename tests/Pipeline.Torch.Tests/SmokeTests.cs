using Pipeline.Torch;
using F = Pipeline.Torch.nn.functional;

namespace Pipeline.Torch.Tests;

public class SmokeTests
{
    [Fact]
    public void AddsAndConvolves()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new float[] { 1, 2, 3, 4 }, 2, 2);
        var b = a + a * 2;
        Assert.Equal(new float[] { 3, 6, 9, 12 }, b.data<float>());
        var x = torch.ones(new long[] { 1, 1, 3, 3 });
        var w = torch.ones(new long[] { 1, 1, 3, 3 });
        Assert.Equal(9f, F.conv2d(x, w).item<float>());
        torch.manual_seed(0);
        var p = torch.randperm(10);
        Assert.Equal(10, p.shape[0]);
        var loss = F.cross_entropy(torch.zeros(new long[] { 2, 3, 4, 4 }), torch.zeros(new long[] { 2, 4, 4 }, ScalarType.Int64), ignore_index: 255);
        Assert.Equal(Math.Log(3), loss.ToDouble(), 5);
        var up = F.interpolate(x, 6, 6);
        Assert.Equal(new long[] { 1, 1, 6, 6 }, up.shape);
        var xs = torch.randn(new long[] { 2, 3 }).requires_grad_();
        var s = (xs * xs).sum();
        s.backward();
        var g = xs.grad!;
        Assert.Equal((xs * 2).data<float>(), g.data<float>());
    }
}
