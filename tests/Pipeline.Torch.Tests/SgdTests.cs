using Pipeline.Torch.nn;
using Pipeline.Torch.optim;
using static Pipeline.Torch.Tests.TestDevice;

namespace Pipeline.Torch.Tests;

/// <summary>SGD against PyTorch's update rule worked out in C# doubles.</summary>
[Collection(LiveTensorCollection.Name)]
public class SgdTests
{
    // The gradient of sum(c ⊙ p) is c: a real backward pass with gradients chosen per step.
    private static readonly double[][] Coefficients =
    [
        [0.5, -1.0, 2.0],
        [1.5, 0.25, -0.75],
        [-2.0, 1.0, 0.5],
        [0.1, -0.3, 1.2],
        [0.7, 0.7, -1.1],
    ];

    private static readonly double[] Start = [1.0, -2.0, 0.5];

    private sealed record Settings(double Lr, double Momentum, double Dampening, double WeightDecay, bool Nesterov);

    /// <summary>PyTorch's SGD, element by element; lrs[k] is the learning rate at step k.</summary>
    private static double[] Reference(Settings s, double[] lrs)
    {
        var p = (double[])Start.Clone();
        double[]? buf = null;
        for (var step = 0; step < lrs.Length; step++)
        {
            var g = Coefficients[step];
            var d = p.Select((v, i) => g[i] + s.WeightDecay * v).ToArray();
            if (s.Momentum != 0)
            {
                buf = buf is null ? (double[])d.Clone() : buf.Select((b, i) => s.Momentum * b + (1 - s.Dampening) * d[i]).ToArray();
                d = s.Nesterov ? d.Select((v, i) => v + s.Momentum * buf[i]).ToArray() : buf;
            }
            p = p.Select((v, i) => v - lrs[step] * d[i]).ToArray();
        }
        return p;
    }

    private static Parameter NewParameter() => new(Doubles((double[])Start.Clone()));

    private static void Backward(Parameter p, int step)
    {
        using var scope = torch.NewDisposeScope();
        (p.data * Doubles(Coefficients[step])).sum().backward();
    }

    private static void Run(SGD sgd, Parameter p, double[] lrs, int from = 0)
    {
        for (var step = from; step < lrs.Length; step++)
        {
            sgd.lr = lrs[step];
            sgd.zero_grad();
            Backward(p, step);
            sgd.step();
        }
    }

    [Theory]
    [InlineData(0.1, 0.0, 0.0, 0.0, false)]
    [InlineData(0.1, 0.9, 0.0, 0.005, false)]
    [InlineData(0.05, 0.9, 0.1, 0.01, false)]
    [InlineData(0.1, 0.9, 0.0, 0.005, true)]
    public void StepsFollowPyTorchsUpdateRule(double lr, double momentum, double dampening, double weightDecay, bool nesterov)
    {
        var s = new Settings(lr, momentum, dampening, weightDecay, nesterov);
        using var p = NewParameter();
        using var sgd = new SGD([p], lr, momentum, dampening, weightDecay, nesterov);
        var lrs = new[] { lr, lr, lr / 2, lr / 2, lr / 10 };    // the learning rate is changed between steps

        Run(sgd, p, lrs);

        Expect.Values(Reference(s, lrs), p.data, 1e-12);
        Assert.True(p.data.is_leaf && p.requires_grad);
        Assert.Equal(momentum == 0 ? 0 : 1, sgd.MomentumBuffers().Count);
    }

    [Fact]
    public void ParametersWithoutGradientsAreLeftAlone()
    {
        using var p = NewParameter();
        using var idle = NewParameter();
        using var sgd = new SGD([p, idle], 0.1, momentum: 0.9, weight_decay: 0.005);

        Run(sgd, p, [0.1, 0.1]);

        Expect.Values(Start, idle.data, 0);
        Assert.Equal(["0"], sgd.MomentumBuffers().Keys);
    }

    [Fact]
    public void ResumingFromExportedMomentumBuffersContinuesTheSameTrajectory()
    {
        var s = new Settings(0.1, 0.9, 0, 0.005, false);
        var lrs = new[] { 0.1, 0.1, 0.08, 0.05, 0.02 };
        using var p = NewParameter();
        using var sgd = new SGD([p], s.Lr, s.Momentum, weight_decay: s.WeightDecay);
        Run(sgd, p, lrs[..3]);

        // A "checkpoint": the parameter values and the momentum buffers, restored into a fresh parameter and optimizer.
        using var resumed = NewParameter();
        using var sgd2 = new SGD([resumed], s.Lr, s.Momentum, weight_decay: s.WeightDecay);
        using (var scope = torch.NewDisposeScope())
        {
            using (torch.no_grad()) resumed.data.copy_(p.data);
            sgd2.LoadMomentumBuffers(sgd.MomentumBuffers());
        }
        Run(sgd2, resumed, lrs, from: 3);

        Expect.Values(Reference(s, lrs), resumed.data, 1e-12);
    }

    [Fact]
    public void LoadingBuffersThatDoNotFitNamesEveryProblem()
    {
        using var p = NewParameter();
        using var sgd = new SGD([p], 0.1, momentum: 0.9);
        using var scope = torch.NewDisposeScope();

        var e = Assert.Throws<ArgumentException>(() => sgd.LoadMomentumBuffers(new Dictionary<string, Tensor>
        {
            ["0"] = torch.zeros([4]),
            ["7"] = torch.zeros([3]),
        }));

        Assert.Contains("'0' has shape [4]", e.Message);
        Assert.Contains("'7' is not a parameter index", e.Message);
    }

    [Fact]
    public void StepTrainsAModuleAndLeavesNoTemporaries()
    {
        torch.manual_seed(3);
        using var layer = new Linear(4, 1);
        layer.to(Current);
        using var sgd = new SGD(layer.parameters(), 0.1, momentum: 0.9, weight_decay: 0.005);
        using var scope = torch.NewDisposeScope();
        var x = On(torch.randn([16, 4]));
        var target = x.sum([1], keepdim: true);
        double Loss()
        {
            using var s = torch.NewDisposeScope();
            return (layer.forward(x) - target).pow(2).mean().ToDouble();
        }

        var first = Loss();
        sgd.step();                                  // no gradients yet: nothing to do
        var live = LiveTensorCollection.Settled();
        for (var k = 0; k < 50; k++)
        {
            using var s = torch.NewDisposeScope();
            sgd.zero_grad();
            (layer.forward(x) - target).pow(2).mean().backward();
            sgd.step();
        }
        // Left alive: the two momentum buffers (gradients live inside the parameters, not as handles).
        Assert.Equal(live + 2, torch.live_tensors);
        Assert.True(Loss() < first / 10, $"loss should fall: {first} → {Loss()}");
    }
}
