using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.TorchExtensions.Tests;

/// <summary>channels_last without memory_format: NHWC strides behind NCHW shapes, for tensors and for a model's convolution weights.</summary>
public class ChannelsLastTests
{
    /// <summary>The strides of an N×C×H×W tensor stored as N×H×W×C.</summary>
    private static long[] Nhwc(long[] shape) => [shape[1] * shape[2] * shape[3], 1, shape[3] * shape[1], shape[1]];

    [Fact]
    public void ATensorGetsNhwcStridesAndKeepsItsValues()
    {
        using var scope = NewDisposeScope();
        var x = arange(2 * 3 * 5 * 6, ScalarType.Float32).reshape(2, 3, 5, 6);

        var y = x.ToChannelsLast();

        Assert.Equal([2L, 3, 5, 6], y.shape);
        Assert.Equal([90L, 1, 18, 3], y.stride());             // by hand: H·W·C, 1, W·C, C
        Assert.Equal(x.data<float>().ToArray(), y.ToArray<float>());
        Assert.Equal([90L, 30, 6, 1], x.stride());             // the input is left as it was
        Assert.Equal(y.stride(), y.ToChannelsLast().stride()); // converting again changes nothing
    }

    [Fact]
    public void AModelsConvolutionWeightsConvertAndItsOutputsMatchTheNchwPath()
    {
        using var g = new Generator(6, CPU);
        using var model = nn.Sequential(nn.Conv2d(3, 8, 3, padding: 1), nn.BatchNorm2d(8), nn.ReLU(), nn.Conv2d(8, 4, 3, padding: 1, bias: false));
        model.eval();
        var keys = model.state_dict().Keys.ToList();
        var oldWeight = ((Conv2d)model[0]).weight;
        using var scope = NewDisposeScope();
        var x = randn([2, 3, 5, 6], generator: g);
        var expected = model.forward(x).data<float>().ToArray();

        using (NewDisposeScope()) model.ToChannelsLast();      // a scope closing right after must not take the weights with it

        foreach (var conv in model.modules().OfType<Conv2d>())
        {
            Assert.Equal(Nhwc(conv.weight!.shape), conv.weight.stride());
            Assert.True(conv.weight.requires_grad);
        }
        Assert.NotSame(oldWeight, ((Conv2d)model[0]).weight);    // new Parameter objects: build optimizers afterwards
        Assert.Equal(keys, model.state_dict().Keys);
        Assert.Equal(Nhwc([8, 3, 3, 3]), model.state_dict()["0.weight"].stride());   // registered, so saved and optimised
        Assert.Contains(model.parameters(), p => ReferenceEquals(p, ((Conv2d)model[0]).weight));

        var y = model.forward(x.ToChannelsLast());

        Assert.Equal(Nhwc([2, 4, 5, 6]), y.stride());           // convolutions keep NHWC in their outputs
        var actual = y.ToArray<float>();
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"output {i}: {actual[i]}, NCHW path {expected[i]}");

        model.train();
        model.forward(x.ToChannelsLast()).sum().backward();
        Assert.Equal([8L, 3, 3, 3], ((Conv2d)model[0]).weight!.grad!.shape);
    }

    [Fact]
    public void AConvolutionOnItsOwnConvertsToo()
    {
        using var conv = nn.Conv2d(2, 4, 3);
        conv.ToChannelsLast();
        Assert.Equal(Nhwc([4, 2, 3, 3]), conv.weight!.stride());
    }

    [Fact]
    public void FrozenWeightsStayFrozen()
    {
        using var conv = nn.Conv2d(2, 4, 3);
        conv.weight!.requires_grad = false;
        using var model = nn.Sequential(conv);
        model.ToChannelsLast();
        Assert.False(((Conv2d)model[0]).weight!.requires_grad);
    }

    /// <summary>
    /// Channels-last weights are tensors of their own, not views of the NCHW ones: SGD updates them in place, and a
    /// view made under no_grad would make every forward after the first step fail (for a 1×1 kernel the NHWC copy
    /// would otherwise be the old weight itself). Trained side by side from the same weights on the same batches, the
    /// NHWC and NCHW models end with the same weights.
    /// </summary>
    [Fact]
    public void SgdStepsOnChannelsLastWeightsEqualThoseOnNchwWeightsOneByOneKernelsIncluded()
    {
        static nn.Module<Tensor, Tensor> Model() => nn.Sequential(
            nn.Conv2d(3, 8, 3, padding: 1, bias: false), nn.BatchNorm2d(8), nn.ReLU(),
            nn.Conv2d(8, 8, 1, bias: false), nn.BatchNorm2d(8), nn.ReLU(), nn.Conv2d(8, 4, 1));
        using var nchw = Model();
        using var nhwc = Model();
        nhwc.load_state_dict(nchw.state_dict());
        nhwc.ToChannelsLast();
        Assert.All(nhwc.modules().OfType<Conv2d>(), c => Assert.True(c.weight!.permute(0, 2, 3, 1).is_contiguous()));
        using var g = new Generator(3, CPU);
        using var data = randn([4, 4, 3, 6, 6], generator: g);
        using var targets = randint(0, 4, [4, 4, 6, 6], generator: g);
        foreach (var (model, channelsLast) in new[] { (nchw, false), (nhwc, true) })
        {
            using var sgd = optim.SGD(model.parameters(), 0.1, momentum: 0.9, weight_decay: 0.005);
            model.train();
            for (var step = 0; step < 4; step++)
            {
                using var scope = NewDisposeScope();
                var x = channelsLast ? data[step].ToChannelsLast() : data[step];
                sgd.zero_grad();
                nn.functional.cross_entropy(model.call(x), targets[step]).backward();
                sgd.step();
            }
        }
        var expected = nchw.state_dict();
        foreach (var (name, weight) in nhwc.state_dict())
        {
            var difference = (weight.to(ScalarType.Float64) - expected[name].to(ScalarType.Float64)).abs().max().item<double>();
            Assert.True(difference < 1e-5, $"{name} differs by {difference} after SGD on channels-last weights");
        }
    }
}
