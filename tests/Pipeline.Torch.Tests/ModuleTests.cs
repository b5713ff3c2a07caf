using Pipeline.Torch.nn;
using static Pipeline.Torch.Tests.TestDevice;
using F = Pipeline.Torch.nn.functional;

namespace Pipeline.Torch.Tests;

public class ModuleTests
{
    // A miniature of torchvision's layout: backbone.{conv1, bn1, layer1.0.{conv1, bn1}}, classifier.{0, 1, 2}.
    private sealed class Block : Module
    {
        public Block(long channels)
        {
            conv1 = register_module("conv1", new Conv2d(channels, channels, 3, padding: 1, bias: false));
            bn1 = register_module("bn1", new BatchNorm2d(channels));
        }

        public Conv2d conv1 { get; }
        public BatchNorm2d bn1 { get; }

        public override Tensor forward(Tensor x) => bn1.forward(conv1.forward(x)).relu();
    }

    private sealed class Backbone : Module
    {
        public Backbone()
        {
            conv1 = register_module("conv1", new Conv2d(3, 4, 3, bias: false));
            bn1 = register_module("bn1", new BatchNorm2d(4));
            layer1 = register_module("layer1", new Sequential(new Block(4)));
        }

        public Conv2d conv1 { get; }
        public BatchNorm2d bn1 { get; }
        public Sequential layer1 { get; }

        public override Tensor forward(Tensor x) => layer1.forward(bn1.forward(conv1.forward(x)).relu());
    }

    private sealed class TinyNet : Module
    {
        public TinyNet()
        {
            backbone = register_module("backbone", new Backbone());
            classifier = register_module("classifier", new Sequential(new ReLU(), new Dropout(0.1), new Conv2d(4, 2, 1)));
        }

        public Backbone backbone { get; }
        public Sequential classifier { get; }

        public override Tensor forward(Tensor x) => classifier.forward(backbone.forward(x));
    }

    private static readonly string[] TinyNetStateKeys =
    [
        "backbone.conv1.weight",
        "backbone.bn1.weight", "backbone.bn1.bias", "backbone.bn1.running_mean", "backbone.bn1.running_var", "backbone.bn1.num_batches_tracked",
        "backbone.layer1.0.conv1.weight",
        "backbone.layer1.0.bn1.weight", "backbone.layer1.0.bn1.bias", "backbone.layer1.0.bn1.running_mean", "backbone.layer1.0.bn1.running_var",
        "backbone.layer1.0.bn1.num_batches_tracked",
        "classifier.2.weight", "classifier.2.bias",
    ];

    [Fact]
    public void NamesAreDottedPathsInRegistrationOrder()
    {
        using var net = new TinyNet();
        Assert.Equal(TinyNetStateKeys.Where(k => !k.Contains("running") && !k.Contains("num_batches")), net.named_parameters().Select(p => p.name));
        Assert.Equal(TinyNetStateKeys.Where(k => k.Contains("running") || k.Contains("num_batches")), net.named_buffers().Select(b => b.name));
        Assert.Equal(["", "backbone", "backbone.conv1", "backbone.bn1", "backbone.layer1", "backbone.layer1.0", "backbone.layer1.0.conv1",
                      "backbone.layer1.0.bn1", "classifier", "classifier.0", "classifier.1", "classifier.2"],
                     net.named_modules().Select(m => m.name));
        Assert.Equal(["backbone", "classifier"], net.named_children().Select(c => c.name));
        Assert.Same(net.backbone.layer1[0], net.named_modules().Single(m => m.name == "backbone.layer1.0").module);

        using var scope = torch.NewDisposeScope();
        var state = net.state_dict();
        Assert.Equal(TinyNetStateKeys, state.Keys);
        Assert.Equal(ScalarType.Int64, state["backbone.bn1.num_batches_tracked"].dtype);
        Assert.Empty(state["backbone.bn1.num_batches_tracked"].shape);
    }

    [Fact]
    public void ParameterCountsMatchPyTorch()
    {
        static long Count(Module m)
        {
            using (m) return m.parameters().Sum(p => p.numel());
        }

        Assert.Equal(9408, Count(new Conv2d(3, 64, 7, stride: 2, padding: 3, bias: false)));   // ResNet's stem
        Assert.Equal(9472, Count(new Conv2d(3, 64, 7)));
        Assert.Equal(64 * 16 * 9, Count(new Conv2d(64, 64, 3, groups: 4, bias: false)));
        Assert.Equal(128, Count(new BatchNorm2d(64)));
        Assert.Equal(55, Count(new Linear(10, 5)));
        Assert.Equal(0, Count(new Sequential(new ReLU(), new MaxPool2d(3, 2, 1), new Dropout())));
    }

    [Fact]
    public void StateDictRoundTripCopiesValuesIntoTheSameParameters()
    {
        torch.manual_seed(1);
        using var source = new TinyNet();
        torch.manual_seed(2);
        using var target = new TinyNet();
        using var scope = torch.NewDisposeScope();
        // Make the buffers differ too: one training step changes the running statistics and the counter.
        source.forward(torch.rand([2, 3, 8, 8]));
        var weightSlot = target.backbone.conv1.weight;
        Assert.NotEqual(source.backbone.conv1.weight.data.data<float>(), weightSlot.data.data<float>());

        var result = target.load_state_dict(source.state_dict());

        Assert.Empty(result.missing_keys);
        Assert.Empty(result.unexpected_keys);
        Assert.Same(weightSlot, target.backbone.conv1.weight);
        var expected = source.state_dict();
        foreach (var (name, value) in target.state_dict())
        {
            using var a = expected[name].to(ScalarType.Float64);
            using var b = value.to(ScalarType.Float64);
            Assert.True(a.data<double>().SequenceEqual(b.data<double>()), $"{name} differs after loading");
        }
        Assert.Equal(1, target.backbone.bn1.num_batches_tracked.item<long>());
        Assert.True(target.backbone.conv1.weight.requires_grad);
        Assert.True(target.backbone.conv1.weight.data.is_leaf);
    }

    [Fact]
    public void StrictLoadNamesEveryMissingAndUnexpectedKeyAndChangesNothing()
    {
        using var net = new TinyNet();
        using var scope = torch.NewDisposeScope();
        var state = net.state_dict();
        var before = net.backbone.conv1.weight.data.data<float>();
        state["backbone.conv1.weight"] = torch.zeros(net.backbone.conv1.weight.shape);
        state.Remove("backbone.bn1.running_var");
        state.Remove("classifier.2.bias");
        state["aux_classifier.0.weight"] = torch.zeros([1]);
        state["backbone.fc.bias"] = torch.zeros([1]);

        var e = Assert.Throws<StateDictMismatchException>(() => net.load_state_dict(state));

        Assert.Equal(["backbone.bn1.running_var", "classifier.2.bias"], e.MissingKeys);
        Assert.Equal(["aux_classifier.0.weight", "backbone.fc.bias"], e.UnexpectedKeys);
        foreach (var key in new[] { "backbone.bn1.running_var", "classifier.2.bias", "aux_classifier.0.weight", "backbone.fc.bias" })
            Assert.Contains($"\"{key}\"", e.Message);
        Assert.Contains("TinyNet", e.Message);
        Assert.Equal(before, net.backbone.conv1.weight.data.data<float>());   // checked before anything was copied

        var loose = net.load_state_dict(state, strict: false);
        Assert.Equal(["backbone.bn1.running_var", "classifier.2.bias"], loose.missing_keys);
        Assert.Equal(["aux_classifier.0.weight", "backbone.fc.bias"], loose.unexpected_keys);
        Assert.All(net.backbone.conv1.weight.data.data<float>(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void BatchNormCountersMayBeAbsentAsInOldTorchvisionWeights()
    {
        using var net = new TinyNet();
        using var scope = torch.NewDisposeScope();
        var state = net.state_dict();
        foreach (var key in state.Keys.Where(k => k.EndsWith(".num_batches_tracked")).ToList()) state.Remove(key);

        var result = net.load_state_dict(state);

        Assert.Empty(result.missing_keys);
        Assert.Equal(0L, net.backbone.bn1.num_batches_tracked.item<long>());
    }

    [Fact]
    public void ShapeMismatchNamesTheKeyAndBothShapes()
    {
        using var net = new TinyNet();
        using var scope = torch.NewDisposeScope();
        var state = net.state_dict();
        state["classifier.2.weight"] = torch.zeros([21, 4, 1, 1]);

        var e = Assert.Throws<StateDictMismatchException>(() => net.load_state_dict(state, strict: false));

        var line = Assert.Single(e.SizeMismatches);
        Assert.Contains("classifier.2.weight", line);
        Assert.Contains("[21, 4, 1, 1]", line);
        Assert.Contains("[2, 4, 1, 1]", line);
        Assert.Contains(line, e.Message);
    }

    [Fact]
    public void TrainAndEvalSwitchDropoutEverywhere()
    {
        using var net = new Sequential(new Sequential(new Dropout(0.5)));
        using var scope = torch.NewDisposeScope();
        var x = Floats(Enumerable.Repeat(1f, 10_000).ToArray());

        Assert.True(((Sequential)net[0])[0].training);
        var trained = net.forward(x).data<float>();
        Assert.All(trained, v => Assert.True(v == 0f || v == 2f, $"dropout(0.5) gives 0 or 2, got {v}"));
        var zeros = trained.Count(v => v == 0f);
        Assert.InRange(zeros, 4_500, 5_500);

        Assert.Same(net, net.eval());
        Assert.All(net.modules(), m => Assert.False(m.training));
        Assert.Equal(x.data<float>(), net.forward(x).data<float>());

        net.train();
        Assert.All(net.modules(), m => Assert.True(m.training));
    }

    [Fact]
    public void BatchNormUpdatesRunningStatisticsOnlyInTraining()
    {
        using var bn = new BatchNorm2d(1, momentum: 0.1);
        bn.to(Current);
        using var scope = torch.NewDisposeScope();
        // One channel holding 1, 2, 3, 4: mean 2.5, biased variance 1.25, unbiased 5/3.
        var x = Doubles([1, 2, 3, 4], 1, 1, 2, 2).to(ScalarType.Float32);

        var y = bn.forward(x);

        Expect.Values([(1 - 2.5) / Math.Sqrt(1.25 + 1e-5), (2 - 2.5) / Math.Sqrt(1.25 + 1e-5),
                       (3 - 2.5) / Math.Sqrt(1.25 + 1e-5), (4 - 2.5) / Math.Sqrt(1.25 + 1e-5)], y, 1e-5);
        Expect.Values([0.25], bn.running_mean, 1e-6);
        Expect.Values([0.9 + 0.1 * 5.0 / 3], bn.running_var, 1e-6);
        Assert.Equal(1L, bn.num_batches_tracked.item<long>());
        bn.forward(x);
        Assert.Equal(2L, bn.num_batches_tracked.item<long>());
        Expect.Values([0.9 * 0.25 + 0.25], bn.running_mean, 1e-6);

        bn.eval();
        var mean = 0.475;
        var variance = 0.9 * (0.9 + 0.1 * 5.0 / 3) + 0.1 * 5.0 / 3;
        var evaluated = bn.forward(x);
        Expect.Values(new double[] { 1, 2, 3, 4 }.Select(v => (v - mean) / Math.Sqrt(variance + 1e-5)).ToArray(), evaluated, 1e-5);
        Assert.Equal(2L, bn.num_batches_tracked.item<long>());
        Expect.Values([mean], bn.running_mean, 1e-6);
    }

    [Fact]
    public void LayersComputeWhatTheirFunctionalFormsCompute()
    {
        using var scope = torch.NewDisposeScope();
        using var conv = new Conv2d(2, 3, 3, stride: 2, padding: 2, dilation: 2);
        var x = torch.randn([1, 2, 9, 9]);
        var y = conv.forward(x);
        Assert.Equal([1, 3, 5, 5], y.shape);
        Expect.Values(F.conv2d(x, conv.weight, conv.bias!, 2, 2, 2).to(ScalarType.Float64).data<double>(), y, 1e-6);

        using var linear = new Linear(3, 2);
        var v = torch.tensor(new float[] { 1, 2, 3 }, 1, 3);
        var w = linear.weight.data.data<float>();
        var b = linear.bias!.data.data<float>();
        Expect.Values([w[0] + 2 * w[1] + 3 * w[2] + b[0], w[3] + 2 * w[4] + 3 * w[5] + b[1]], linear.forward(v), 1e-5);

        using var pool = new MaxPool2d(2);
        var grid = torch.arange(16, ScalarType.Float32).reshape(1, 1, 4, 4);
        Expect.Values([5, 7, 13, 15], pool.forward(grid));

        using var relu = new ReLU();
        Expect.Values([0, 0, 2], relu.forward(torch.tensor(new float[] { -1, 0, 2 })));
    }

    [Fact]
    public void DefaultInitialisationFollowsPyTorch()
    {
        torch.manual_seed(0);
        using var conv = new Conv2d(16, 32, 3);
        var bound = 1 / Math.Sqrt(16 * 9);
        var w = conv.weight.data.data<float>();
        Assert.All(w, v => Assert.InRange(v, -bound, bound));
        Assert.True(w.Max() > 0.9 * bound && w.Min() < -0.9 * bound, "weights should fill U(-bound, bound)");
        Assert.All(conv.bias!.data.data<float>(), v => Assert.InRange(v, -bound, bound));

        using var bn = new BatchNorm2d(8);
        Assert.All(bn.weight.data.data<float>(), v => Assert.Equal(1f, v));
        Assert.All(bn.bias.data.data<float>(), v => Assert.Equal(0f, v));
        Assert.All(bn.running_var.data<float>(), v => Assert.Equal(1f, v));

        // torchvision's ResNet init: std = sqrt(2 / fan_out), fan_out = 64·3·3.
        using var big = new Conv2d(64, 64, 3, bias: false);
        init.kaiming_normal_(big.weight, mode: "fan_out", nonlinearity: "relu");
        using var std = big.weight.data.std();
        Assert.Equal(Math.Sqrt(2.0 / (64 * 9)), std.ToDouble(), 0.002);
        init.constant_(big.weight, 0.5);
        Assert.All(big.weight.data.data<float>(), v => Assert.Equal(0.5f, v));
        Assert.True(big.weight.data.is_leaf);
    }

    [Fact]
    public void ParametersOutliveDisposeScopesAndDisposeWithTheModule()
    {
        TinyNet net;
        using (torch.NewDisposeScope()) net = new TinyNet();
        using (torch.NewDisposeScope())
        {
            var y = net.forward(torch.rand([1, 3, 8, 8]));
            Assert.Equal([1, 2, 6, 6], y.shape);
        }
        Assert.All(net.parameters(), p => Assert.False(p.IsDisposed));
        Assert.All(net.buffers(), b => Assert.False(b.IsDisposed));

        net.Dispose();

        Assert.All(net.parameters(), p => Assert.True(p.IsDisposed));
        Assert.All(net.buffers(), b => Assert.True(b.IsDisposed));
    }

    [Fact]
    public void ZeroGradDropsGradients()
    {
        using var net = new TinyNet();
        using var scope = torch.NewDisposeScope();
        net.forward(torch.rand([2, 3, 8, 8])).sum().backward();
        Assert.All(net.parameters(), p => Assert.NotNull(p.grad));

        net.zero_grad();

        Assert.All(net.parameters(), p => Assert.Null(p.grad));
    }

    [Fact]
    public void ToMovesTensorsButKeepsParameterObjects()
    {
        using var net = new TinyNet();
        var slots = net.parameters().ToList();
        var before = net.backbone.conv1.weight.data.data<float>();
        using (torch.NewDisposeScope()) net.forward(torch.rand([1, 3, 8, 8])).sum().backward();

        net.to(ScalarType.Float64);

        Assert.Equal(slots, net.parameters());
        using (torch.NewDisposeScope())
            Assert.All(net.parameters(), p => Assert.Equal(ScalarType.Float64, p.grad!.dtype));   // gradients move too
        Assert.All(net.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
        Assert.All(net.parameters(), p => Assert.True(p.requires_grad && p.data.is_leaf));
        Assert.Equal(ScalarType.Float64, net.backbone.bn1.running_mean.dtype);
        Assert.Equal(ScalarType.Int64, net.backbone.bn1.num_batches_tracked.dtype);
        Assert.Equal(before.Select(v => (double)v), net.backbone.conv1.weight.data.data<double>());

        net.to(Current);
        Assert.All(net.parameters(), p => Assert.Equal(Current, p.device));
        Assert.All(net.buffers(), b => Assert.Equal(Current, b.device));
        using var scope = torch.NewDisposeScope();
        net.forward(Doubles(new double[3 * 64], 1, 3, 8, 8)).sum().backward();
        Assert.All(net.parameters(), p => Assert.NotNull(p.grad));
        Assert.Throws<ArgumentException>(() => net.to(ScalarType.Int32));
    }

    [Fact]
    public void RegisteringADuplicateOrDottedNameFails()
    {
        Assert.Throws<ArgumentException>(() => new DuplicateNames());
    }

    private sealed class DuplicateNames : Module
    {
        public DuplicateNames()
        {
            register_module("conv", new ReLU());
            register_module("conv", new ReLU());
        }
    }
}
