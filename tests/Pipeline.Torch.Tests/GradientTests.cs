using static Pipeline.Torch.Tests.TestDevice;
using F = Pipeline.Torch.nn.functional;

namespace Pipeline.Torch.Tests;

/// <summary>
/// Backward passes against central finite differences in float64, and PyTorch's autograd bookkeeping
/// (requires_grad, is_leaf, grad, no_grad).
/// </summary>
public class GradientTests
{
    private const double Step = 1e-6;
    private const double RelativeTolerance = 1e-6;
    private const double AbsoluteTolerance = 1e-8;   // covers the rounding of a difference quotient, about eps·|loss|/Step

    private static Tensor Random(params long[] shape) => torch.randn(shape, ScalarType.Float64, Current);

    [Fact]
    public void Conv2dInputWeightAndBias()
    {
        torch.manual_seed(1);
        using var scope = torch.NewDisposeScope();
        AssertGradientsMatch(v => torch.cat(new[]
            {
                F.conv2d(v[0], v[1], v[2], padding: 1).flatten(),
                F.conv2d(v[0], v[1], v[2], stride: 2, padding: 1, dilation: 2).flatten(),
            }),
            Random(1, 2, 5, 5), Random(3, 2, 3, 3), Random(3));
    }

    [Fact]
    public void BatchNormInTrainingModeInputWeightAndBias()
    {
        torch.manual_seed(2);
        using var scope = torch.NewDisposeScope();
        // Training mode normalises with the batch's own statistics, so the input gradient runs through mean and variance.
        AssertGradientsMatch(v => F.batch_norm(v[0], null, null, v[1], v[2], training: true),
                             Random(4, 3, 2, 2), Random(3), Random(3));
    }

    [Fact]
    public void BatchNormUpdatesRunningStatisticsInTraining()
    {
        using var scope = torch.NewDisposeScope();
        // One channel, batch [1, 3]: mean 2, population variance 1, unbiased variance 2; momentum 0.1 from (0, 1) gives (0.2, 1.1).
        var x = Doubles(new double[] { 1, 3 }, 2, 1);
        var mean = torch.zeros(new long[] { 1 }, ScalarType.Float64, Current);
        var variance = torch.ones(new long[] { 1 }, ScalarType.Float64, Current);
        var y = F.batch_norm(x, mean, variance, training: true, eps: 0);
        Expect.Values(new[] { -1.0, 1.0 }, y, 1e-12);                  // population variance 1 normalises to ±1
        Expect.Values(new[] { 0.2 }, mean, 1e-12);
        Expect.Values(new[] { 0.9 + 0.1 * 2 }, variance, 1e-12);
        var evaluated = F.batch_norm(x, mean, variance, eps: 0);          // inference uses the running statistics
        Expect.Values(new[] { (1 - 0.2) / Math.Sqrt(1.1), (3 - 0.2) / Math.Sqrt(1.1) }, evaluated, 1e-12);
    }

    [Fact]
    public void BilinearInterpolationUpAndDown()
    {
        torch.manual_seed(3);
        using var scope = torch.NewDisposeScope();
        AssertGradientsMatch(v => torch.cat(new[]
            {
                F.interpolate(v[0], 5, 7).flatten(),
                F.interpolate(v[0], 2, 2).flatten(),
                F.interpolate(v[0], 4, 4, align_corners: true).flatten(),
            }),
            Random(1, 2, 3, 3));
    }

    [Fact]
    public void CrossEntropyWithIgnoredTargets()
    {
        torch.manual_seed(4);
        using var scope = torch.NewDisposeScope();
        var target = Longs(new long[] { 0, 3, 255, 1, 2, 255, 255, 2, 0, 1, 3, 3 }, 2, 2, 3);
        var logits = Random(2, 4, 2, 3);
        AssertGradientsMatch(v => F.cross_entropy(v[0], target, ignore_index: 255), logits);

        // Ignored pixels neither add to the loss nor receive gradient.
        var leaf = logits.detach().requires_grad_();
        F.cross_entropy(leaf, target, ignore_index: 255).backward();
        var perPixel = leaf.grad!.abs().sum(new long[] { 1 }).flatten().data<double>();
        var labels = target.data<long>();
        for (var k = 0; k < labels.Length; k++)
            if (labels[k] == 255) Assert.Equal(0.0, perPixel[k]);
            else Assert.True(perPixel[k] > 0);
    }

    [Fact]
    public void LeavesNonLeavesAndAccumulatedGradients()
    {
        using var scope = torch.NewDisposeScope();
        var x = Doubles(new double[] { 1, 2, 3 });
        Assert.False(x.requires_grad);
        Assert.True(x.is_leaf);
        Assert.Null(x.grad);
        x.requires_grad_();
        Assert.True(x.requires_grad);
        Assert.True(x.is_leaf);
        var y = x * x;
        Assert.True(y.requires_grad);
        Assert.False(y.is_leaf);
        y.sum().backward();
        Expect.Values(new double[] { 2, 4, 6 }, x.grad!);
        Assert.Null(y.grad);                                               // non-leaves keep no gradient
        (x * 3).sum().backward();
        Expect.Values(new double[] { 5, 7, 9 }, x.grad!);                 // gradients accumulate
        x.grad = null;
        Assert.Null(x.grad);
        var detached = y.detach();
        Assert.False(detached.requires_grad);
        Assert.True(detached.is_leaf);
        Assert.Throws<TorchException>(() => y.requires_grad = false);      // only leaves can change the flag
        var z = x * x;
        Assert.Throws<TorchException>(() => z.backward());                 // a non-scalar needs an explicit gradient
        z.backward(Doubles(new double[] { 1, 0, 1 }));
        Expect.Values(new double[] { 2, 0, 6 }, x.grad!);
        Assert.Throws<TorchException>(() => Longs(new long[] { 1 }).requires_grad_());
    }

    [Fact]
    public void BackwardTwiceNeedsRetainGraph()
    {
        using var scope = torch.NewDisposeScope();
        var x = Doubles(new double[] { 2 }).requires_grad_();
        var y = (x * x).sum();
        y.backward(retain_graph: true);
        y.backward();
        Expect.Values(new double[] { 8 }, x.grad!);
        Assert.Throws<TorchException>(() => y.backward());                 // the graph's saved tensors are gone
    }

    [Fact]
    public void NoGradStopsRecordingUntilDisposed()
    {
        using var scope = torch.NewDisposeScope();
        var x = Doubles(new double[] { 1, 2 }).requires_grad_();
        Assert.True(torch.is_grad_enabled());
        Assert.Throws<TorchException>(() => x.add_(1));                    // in-place on a leaf that requires grad
        using (torch.no_grad())
        {
            Assert.False(torch.is_grad_enabled());
            var z = x * 2;
            Assert.False(z.requires_grad);
            Assert.True(z.is_leaf);
            x.add_(1);                                                     // allowed: this is how optimisers update
            using (torch.enable_grad())
            {
                Assert.True(torch.is_grad_enabled());
                Assert.True((x * 2).requires_grad);
            }
            Assert.False(torch.is_grad_enabled());
        }
        Assert.True(torch.is_grad_enabled());
        Assert.True(x.is_leaf);
        Expect.Values(new double[] { 2, 3 }, x);
        var w = x * 2;
        Assert.True(w.requires_grad);
    }

    /// <summary>
    /// Backpropagates loss = Σ f(inputs) ⊙ R for a fixed random R and compares every input's gradient with
    /// (loss(x + h·e_i) − loss(x − h·e_i)) / 2h, element by element.
    /// </summary>
    private static void AssertGradientsMatch(Func<Tensor[], Tensor> f, params Tensor[] inputs)
    {
        using var scope = torch.NewDisposeScope();
        var leaves = inputs.Select(x => x.detach().requires_grad_()).ToArray();
        var output = f(leaves);
        var projection = torch.randn(output.shape, ScalarType.Float64, Current);
        (output * projection).sum().backward();

        var values = inputs.Select(x => x.data<double>()).ToArray();
        using var noGrad = torch.no_grad();
        double Loss()
        {
            using var inner = torch.NewDisposeScope();
            var perturbed = values.Select((v, k) => Doubles(v, inputs[k].shape)).ToArray();
            return (f(perturbed) * projection).sum().ToDouble();
        }

        for (var k = 0; k < inputs.Length; k++)
        {
            var analytic = leaves[k].grad!.data<double>();
            for (var i = 0; i < analytic.Length; i++)
            {
                var original = values[k][i];
                values[k][i] = original + Step;
                var plus = Loss();
                values[k][i] = original - Step;
                var minus = Loss();
                values[k][i] = original;
                var numeric = (plus - minus) / (2 * Step);
                var tolerance = AbsoluteTolerance + RelativeTolerance * Math.Max(Math.Abs(numeric), Math.Abs(analytic[i]));
                Assert.True(Math.Abs(numeric - analytic[i]) <= tolerance,
                            $"input {k}, element {i}: backward gives {analytic[i]:R}, finite differences {numeric:R}");
            }
        }
    }
}
