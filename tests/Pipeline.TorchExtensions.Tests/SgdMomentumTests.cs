using Pipeline.Tests.Shared;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.TorchExtensions.Tests;

/// <summary>
/// TorchSharp's optim.SGD with momentum and weight decay follows PyTorch's torch.optim.SGD, and its momentum buffers,
/// exported and loaded with SgdMomentum, let a resumed run continue bit for bit.
/// </summary>
public class SgdMomentumTests
{
    private const double Lr = 0.1, Lr2 = 0.05, Momentum = 0.9, WeightDecay = 5e-3;
    private const int Steps = 5;

    /// <summary>Linear(4,3) → tanh → Linear(3,2) with given weights, and one extra parameter that never gets a gradient.</summary>
    private sealed class Setup : IDisposable
    {
        public readonly Sequential Model = nn.Sequential(nn.Linear(4, 3), nn.Tanh(), nn.Linear(3, 2));
        public readonly Parameter Unused = new(zeros(2));
        public readonly SGD Sgd;

        public Setup(IReadOnlyDictionary<string, Tensor> weights)
        {
            Model.load_state_dict_checked(weights);
            var p = Model.named_parameters().ToDictionary(n => n.name, n => n.parameter);
            // Two groups with different rates: buffer keys count positions across groups, as PyTorch's state_dict does.
            Sgd = optim.SGD(
            [
                new SGD.ParamGroup([p["0.weight"], p["0.bias"]], Lr, Momentum, weight_decay: WeightDecay),
                new SGD.ParamGroup([p["2.weight"], p["2.bias"], Unused], Lr2, Momentum, weight_decay: WeightDecay),
            ], Lr);
        }

        public IReadOnlyList<Parameter> Parameters => Sgd.parameters().ToList();

        public void Step(Tensor x, Tensor target)
        {
            using var scope = NewDisposeScope();
            Sgd.zero_grad();
            F.mse_loss(Model.forward(x), target).backward();
            Sgd.step();
        }

        public void Dispose()
        {
            Sgd.Dispose();
            Model.Dispose();
            Unused.Dispose();
        }
    }

    private sealed record Data(Dictionary<string, Tensor> Weights, Tensor X, Tensor Target);

    /// <summary>Random weights and a batch, from a private generator (the global one is not touched).</summary>
    private static Data NewData(ulong seed)
    {
        using var g = new Generator(seed, CPU);
        return new Data(new Dictionary<string, Tensor>
        {
            ["0.weight"] = randn([3, 4], generator: g) * 0.5, ["0.bias"] = randn([3], generator: g) * 0.1,
            ["2.weight"] = randn([2, 3], generator: g) * 0.5, ["2.bias"] = randn([2], generator: g) * 0.1,
        }, randn([8, 4], generator: g), randn([8, 2], generator: g));
    }

    private static byte[] Bytes(Tensor t)
    {
        using var dense = t.contiguous();
        return dense.bytes.ToArray();
    }

    [PyTorchFact]
    public void FiveStepsFollowPyTorchsSgdTrajectory()
    {
        using var scope = NewDisposeScope();
        var data = NewData(1);
        using var exchange = new PythonExchange();
        foreach (var (name, t) in data.Weights) exchange.Write(name, t);
        exchange.Write("x", data.X);
        exchange.Write("t", data.Target);
        var stateKeys = exchange.Run($$"""
            m = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.Tanh(), torch.nn.Linear(3, 2))
            shapes = {'0.weight': (3, 4), '0.bias': (3,), '2.weight': (2, 3), '2.bias': (2,)}
            m.load_state_dict({k: load(k, 'float32', *s) for k, s in shapes.items()})
            unused = torch.nn.Parameter(torch.zeros(2))
            opt = torch.optim.SGD([{'params': [m[0].weight, m[0].bias]}, {'params': [m[2].weight, m[2].bias, unused], 'lr': {{Lr2}}}],
                                  lr={{Lr}}, momentum={{Momentum}}, weight_decay={{WeightDecay}})
            x, t = load('x', 'float32', 8, 4), load('t', 'float32', 8, 2)
            for step in range({{Steps}}):
                opt.zero_grad()
                torch.nn.functional.mse_loss(m(x), t).backward()
                opt.step()
            for k, v in m.state_dict().items(): save('final.' + k, v)
            state = opt.state_dict()['state']
            for i in state: save('buffer.%d' % i, state[i]['momentum_buffer'])
            print(json.dumps([str(i) for i in sorted(state)]))
            """)!.Value.EnumerateArray().Select(e => e.GetString()).ToList();

        using var setup = new Setup(data.Weights);
        for (var step = 0; step < Steps; step++) setup.Step(data.X, data.Target);

        foreach (var (name, p) in setup.Model.named_parameters())
            AssertClose(exchange.Floats("final." + name), p.data<float>().ToArray(), 1e-6, name);
        var buffers = setup.Sgd.momentum_buffers();
        Assert.Equal(stateKeys, buffers.Keys);                             // the parameters PyTorch keeps state for
        Assert.Equal(["0", "1", "2", "3"], buffers.Keys);                  // all but the unused fifth
        foreach (var (key, buffer) in buffers)
            AssertClose(exchange.Floats("buffer." + key), buffer.data<float>().ToArray(), 1e-6, "buffer " + key);
        Assert.All(setup.Unused.data<float>().ToArray(), v => Assert.Equal(0f, v));   // no gradient: not moved, no buffer
    }

    [Fact]
    public void ResumingFromExportedBuffersContinuesBitForBit()
    {
        using var scope = NewDisposeScope();
        var data = NewData(2);
        using var uninterrupted = new Setup(data.Weights);
        for (var step = 0; step < Steps; step++) uninterrupted.Step(data.X, data.Target);

        // Three steps, then a checkpoint on disk (model weights and momentum buffers in one safetensors file) ...
        var checkpoint = Path.Combine(Path.GetTempPath(), $"sgd-resume-{Guid.NewGuid():N}.safetensors");
        try
        {
            using (var first = new Setup(data.Weights))
            {
                for (var step = 0; step < 3; step++) first.Step(data.X, data.Target);
                var tensors = new OrderedDictionary<string, Tensor>();
                foreach (var (name, t) in first.Model.state_dict()) tensors.Add("model." + name, t);
                foreach (var (key, t) in first.Sgd.momentum_buffers()) tensors.Add("momentum." + key, t);
                Safetensors.Save(checkpoint, tensors);
            }

            // ... loaded into a fresh model and optimizer, which take the last two steps.
            var saved = Safetensors.Load(checkpoint);
            var weights = saved.Where(kv => kv.Key.StartsWith("model.")).ToDictionary(kv => kv.Key["model.".Length..], kv => kv.Value);
            using var resumed = new Setup(weights);
            resumed.Sgd.load_momentum_buffers(saved.Where(kv => kv.Key.StartsWith("momentum."))
                .ToDictionary(kv => kv.Key["momentum.".Length..], kv => kv.Value));
            for (var step = 3; step < Steps; step++) resumed.Step(data.X, data.Target);

            var expected = uninterrupted.Model.state_dict();
            foreach (var (name, t) in resumed.Model.state_dict())
                Assert.True(Bytes(expected[name]).SequenceEqual(Bytes(t)), $"{name} differs from the uninterrupted run");
            var expectedBuffers = uninterrupted.Sgd.momentum_buffers();
            Assert.Equal(expectedBuffers.Keys, resumed.Sgd.momentum_buffers().Keys);
            foreach (var (key, t) in resumed.Sgd.momentum_buffers())
                Assert.True(Bytes(expectedBuffers[key]).SequenceEqual(Bytes(t)), $"buffer {key} differs");
        }
        finally
        {
            File.Delete(checkpoint);
        }
    }

    [Fact]
    public void WithoutABufferAParameterStartsAfresh()
    {
        using var scope = NewDisposeScope();
        var data = NewData(3);
        using var setup = new Setup(data.Weights);
        Assert.Empty(setup.Sgd.momentum_buffers());                         // nothing stepped yet
        setup.Step(data.X, data.Target);
        var buffer0 = Bytes(setup.Sgd.momentum_buffers()["0"]);

        setup.Sgd.load_momentum_buffers(new Dictionary<string, Tensor> { ["0"] = setup.Sgd.momentum_buffers()["0"].to(ScalarType.Float64) });

        var buffers = setup.Sgd.momentum_buffers();
        Assert.Equal(["0"], buffers.Keys);
        Assert.Equal(ScalarType.Float32, buffers["0"].dtype);               // converted to the parameter's dtype
        Assert.Equal(buffer0, Bytes(buffers["0"]));

        // The next step seeds the others from their gradients (buf = grad + wd·p), as on a first step.
        setup.Step(data.X, data.Target);
        Assert.Equal(["0", "1", "2", "3"], setup.Sgd.momentum_buffers().Keys);
    }

    [Fact]
    public void BuffersThatDoNotFitAreAllNamedAndNothingChanges()
    {
        using var scope = NewDisposeScope();
        var data = NewData(4);
        using var setup = new Setup(data.Weights);
        setup.Step(data.X, data.Target);
        var before = setup.Sgd.momentum_buffers().ToDictionary(kv => kv.Key, kv => Bytes(kv.Value));

        var e = Assert.Throws<ArgumentException>(() => setup.Sgd.load_momentum_buffers(new Dictionary<string, Tensor>
        {
            ["0"] = zeros(4, 3),                 // transposed shape
            ["1"] = zeros(3),                    // fits: must not be applied either
            ["7"] = zeros(3),                    // no such parameter (there are 5)
            ["bias"] = zeros(3),                 // not an index
            ["-1"] = zeros(3),
        }));

        Assert.Contains("'0' has shape [4, 3], parameter 0 has [3, 4]", e.Message);
        Assert.Contains("'7' is not a parameter index (0..4)", e.Message);
        Assert.Contains("'bias' is not a parameter index", e.Message);
        Assert.Contains("'-1' is not a parameter index", e.Message);
        Assert.DoesNotContain("'1'", e.Message);
        var after = setup.Sgd.momentum_buffers();
        Assert.Equal(before.Keys, after.Keys);
        foreach (var (key, bytes) in before) Assert.Equal(bytes, Bytes(after[key]));
    }

    private static void AssertClose(float[] expected, float[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
    }
}
