using Pipeline.Tests.Shared;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.TorchExtensions.Tests;

/// <summary>
/// FoldableBatchNorm2d is nn.BatchNorm2d until folded (same arithmetic, gradients and state-dict names), and its
/// fold gives the convolution PyTorch's torch.nn.utils.fusion.fuse_conv_bn_eval gives.
/// </summary>
public class FoldableBatchNorm2dTests
{
    /// <summary>Random affine parameters and running statistics (variance kept positive), the same on every module given.</summary>
    private static void Randomise(Generator g, params BatchNorm[] norms)
    {
        var n = norms[0].weight!.shape[0];
        using var scope = NewDisposeScope();
        var weight = randn([n], generator: g) + 1;
        var bias = randn([n], generator: g);
        var mean = randn([n], generator: g);
        var variance = rand([n], generator: g) + 0.5;
        using var noGrad = no_grad();
        foreach (var bn in norms)
        {
            bn.weight!.copy_(weight);
            bn.bias!.copy_(bias);
            bn.running_mean!.copy_(mean);
            bn.running_var!.copy_(variance);
        }
    }

    [Fact]
    public void ComputesWhatBatchNorm2dComputesInTrainingAndEvaluation()
    {
        using var g = new Generator(1, CPU);
        using var ours = new FoldableBatchNorm2d(3, eps: 1e-3, momentum: 0.2);
        using var theirs = nn.BatchNorm2d(3, eps: 1e-3, momentum: 0.2);
        Randomise(g, ours, theirs);
        using var scope = NewDisposeScope();
        var x = randn([4, 3, 5, 5], generator: g) * 2 + 1;
        var upstream = randn([4, 3, 5, 5], generator: g);

        // Training: batch statistics, running statistics updated, the same gradients.
        var y1 = ours.forward(x);
        var y2 = theirs.forward(x);
        Assert.Equal(y2.data<float>().ToArray(), y1.data<float>().ToArray());
        (y1 * upstream).sum().backward();
        (y2 * upstream).sum().backward();
        Assert.Equal(theirs.weight!.grad!.data<float>().ToArray(), ours.weight!.grad!.data<float>().ToArray());
        Assert.Equal(theirs.bias!.grad!.data<float>().ToArray(), ours.bias!.grad!.data<float>().ToArray());
        Assert.Equal(theirs.running_mean!.data<float>().ToArray(), ours.running_mean!.data<float>().ToArray());
        Assert.Equal(theirs.running_var!.data<float>().ToArray(), ours.running_var!.data<float>().ToArray());
        Assert.Equal(1L, ours.num_batches_tracked!.item<long>());

        // Evaluation: running statistics, nothing updated.
        ours.eval();
        theirs.eval();
        Assert.Equal(theirs.forward(x).data<float>().ToArray(), ours.forward(x).data<float>().ToArray());
        Assert.Equal(1L, ours.num_batches_tracked!.item<long>());
        Assert.False(ours.folded);
    }

    [Fact]
    public void HasBatchNorm2dsStateDictNames()
    {
        using var ours = new FoldableBatchNorm2d(5);
        using var theirs = nn.BatchNorm2d(5);
        // torchvision's weights name these five; a model using ours loads them unchanged.
        Assert.Equal(["weight", "bias", "running_mean", "running_var", "num_batches_tracked"], ours.state_dict().Keys);
        Assert.Equal(theirs.state_dict().Keys, ours.state_dict().Keys);
        Assert.Equal(theirs.state_dict().Values.Select(t => t.shape), ours.state_dict().Values.Select(t => t.shape));
        Assert.Equal(theirs.state_dict().Values.Select(t => t.dtype), ours.state_dict().Values.Select(t => t.dtype));
        Assert.Equal("BatchNorm2d", ours.GetName());
    }

    [PyTorchFact]
    public void FoldingGivesTheConvolutionPyTorchsFuseConvBnEvalGives()
    {
        using var exchange = new PythonExchange();
        using var g = new Generator(2, CPU);
        var cases = new (string name, bool bias)[] { ("with_bias", true), ("without_bias", false) };
        var convs = new List<Conv2d>();
        var norms = new List<FoldableBatchNorm2d>();
        foreach (var (name, bias) in cases)
        {
            var conv = nn.Conv2d(3, 4, 3, bias: bias);
            using (no_grad())
            {
                conv.weight!.copy_(randn([4, 3, 3, 3], generator: g));
                conv.bias?.copy_(randn([4], generator: g));
            }
            var bn = new FoldableBatchNorm2d(4, eps: 1e-4);
            Randomise(g, bn);
            exchange.Write($"{name}.conv_w", conv.weight!);
            if (bias) exchange.Write($"{name}.conv_b", conv.bias!);
            exchange.Write($"{name}.bn_w", bn.weight!);
            exchange.Write($"{name}.bn_b", bn.bias!);
            exchange.Write($"{name}.bn_rm", bn.running_mean!);
            exchange.Write($"{name}.bn_rv", bn.running_var!);
            convs.Add(conv);
            norms.Add(bn);
        }
        exchange.Run("""
            from torch.nn.utils.fusion import fuse_conv_bn_eval
            for name, bias in [('with_bias', True), ('without_bias', False)]:
                conv = torch.nn.Conv2d(3, 4, 3, bias=bias).eval()
                bn = torch.nn.BatchNorm2d(4, eps=1e-4).eval()
                with torch.no_grad():
                    conv.weight.copy_(load(name + '.conv_w', 'float32', 4, 3, 3, 3))
                    if bias: conv.bias.copy_(load(name + '.conv_b', 'float32', 4))
                    bn.weight.copy_(load(name + '.bn_w', 'float32', 4)); bn.bias.copy_(load(name + '.bn_b', 'float32', 4))
                    bn.running_mean.copy_(load(name + '.bn_rm', 'float32', 4)); bn.running_var.copy_(load(name + '.bn_rv', 'float32', 4))
                fused = fuse_conv_bn_eval(conv, bn)
                save(name + '.fused_w', fused.weight); save(name + '.fused_b', fused.bias)
            """);

        using var scope = NewDisposeScope();
        var x = randn([2, 3, 6, 6], generator: g);
        for (var k = 0; k < cases.Length; k++)
        {
            var (name, _) = cases[k];
            using var conv = convs[k];
            using var bn = norms[k];
            bn.eval();
            var unfolded = bn.forward(conv.forward(x));

            bn.fold_into(conv);

            AssertClose(exchange.Floats($"{name}.fused_w"), conv.weight!.data<float>().ToArray(), 1e-6, $"{name} weight");
            Assert.NotNull(conv.bias);
            AssertClose(exchange.Floats($"{name}.fused_b"), conv.bias!.data<float>().ToArray(), 1e-6, $"{name} bias");
            Assert.True(bn.folded);
            // The folded pair computes what the unfolded pair computed.
            AssertClose(unfolded.data<float>().ToArray(), bn.forward(conv.forward(x)).data<float>().ToArray(), 1e-5, $"{name} output");
            Assert.Contains("bias", conv.state_dict().Keys);          // a new bias is registered, so it is saved with the weights
        }
    }

    [Fact]
    public void AFoldedLayerIsTheIdentityInEvaluationAndRefusesToTrain()
    {
        using var g = new Generator(3, CPU);
        using var conv = nn.Conv2d(2, 3, 1);
        using var bn = new FoldableBatchNorm2d(3);
        Randomise(g, bn);
        bn.eval();
        bn.fold_into(conv);
        using var scope = NewDisposeScope();
        var x = randn([1, 3, 4, 4], generator: g);

        Assert.Equal(x.data<float>().ToArray(), bn.forward(x).data<float>().ToArray());

        bn.train();
        Assert.Throws<InvalidOperationException>(() => bn.forward(x));
    }

    [Fact]
    public void FoldingTwiceOrIntoTheWrongConvolutionThrowsAndChangesNothing()
    {
        using var g = new Generator(4, CPU);
        using var conv = nn.Conv2d(2, 3, 1);
        using var bn = new FoldableBatchNorm2d(3);
        Randomise(g, bn);
        bn.eval();
        bn.fold_into(conv);
        var folded = conv.weight!.data<float>().ToArray();

        Assert.Throws<InvalidOperationException>(() => bn.fold_into(conv));
        Assert.Equal(folded, conv.weight!.data<float>().ToArray());     // not scaled a second time

        using var other = new FoldableBatchNorm2d(5);
        using var wide = nn.Conv2d(2, 3, 1);
        var before = wide.weight!.data<float>().ToArray();
        var e = Assert.Throws<ArgumentException>(() => other.fold_into(wide));
        Assert.Contains("3 output channels", e.Message);
        Assert.Equal(before, wide.weight!.data<float>().ToArray());
        Assert.False(other.folded);
    }

    [Fact]
    public void InputThatIsNotFourDimensionalIsRefused()
    {
        using var bn = new FoldableBatchNorm2d(3);
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => bn.forward(ones(2, 3, 4)));
        Assert.Equal([2L, 3, 4, 4], bn.forward(ones(2, 3, 4, 4)).shape);
    }

    private static void AssertClose(float[] expected, float[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                        $"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
    }
}
