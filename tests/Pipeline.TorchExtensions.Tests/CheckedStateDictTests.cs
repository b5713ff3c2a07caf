using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.TorchExtensions.Tests;

/// <summary>load_state_dict_checked: PyTorch's strict loading, every problem named at once, nothing copied unless all fits.</summary>
public class CheckedStateDictTests
{
    // A miniature of torchvision's layout: backbone.{conv1, bn1, layer1.0.{conv1, bn1}}, classifier.{0, 1, 2}.
    private sealed class Block : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv1;
        private readonly BatchNorm2d bn1;

        public Block(long channels) : base(nameof(Block))
        {
            conv1 = nn.Conv2d(channels, channels, 3, padding: 1, bias: false);
            bn1 = nn.BatchNorm2d(channels);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => bn1.forward(conv1.forward(x)).relu();
    }

    private sealed class Backbone : nn.Module<Tensor, Tensor>
    {
        public readonly Conv2d conv1;
        public readonly BatchNorm2d bn1;
        private readonly Sequential layer1;

        public Backbone() : base(nameof(Backbone))
        {
            conv1 = nn.Conv2d(3, 4, 3, bias: false);
            bn1 = nn.BatchNorm2d(4);
            layer1 = nn.Sequential(new Block(4));
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => layer1.forward(bn1.forward(conv1.forward(x)).relu());
    }

    private sealed class TinyNet : nn.Module<Tensor, Tensor>
    {
        public readonly Backbone backbone;
        private readonly Sequential classifier;

        public TinyNet() : base(nameof(TinyNet))
        {
            backbone = new Backbone();
            classifier = nn.Sequential(nn.ReLU(), nn.Dropout(0.1), nn.Conv2d(4, 2, 1));
            RegisterComponents();
        }

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

    /// <summary>Copies of every state tensor as float64 arrays, to compare before and after.</summary>
    private static Dictionary<string, double[]> Snapshot(nn.Module module)
    {
        using var scope = NewDisposeScope();
        return module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.to(ScalarType.Float64).data<double>().ToArray());
    }

    private static void AssertUnchanged(Dictionary<string, double[]> before, nn.Module module)
    {
        var after = Snapshot(module);
        Assert.Equal(before.Keys, after.Keys);
        foreach (var (name, values) in before) Assert.True(values.SequenceEqual(after[name]), $"{name} changed");
    }

    [Fact]
    public void TheTestModelHasTorchvisionsKeys()
    {
        using var net = new TinyNet();
        // TorchSharp lists every parameter before every buffer (PyTorch interleaves them per module); the names are the same.
        Assert.Equal(TinyNetStateKeys.Order(), net.state_dict().Keys.Order());
    }

    [Fact]
    public void RoundTripCopiesEveryValueIntoTheSameParameters()
    {
        using var source = new TinyNet();
        using var target = new TinyNet();
        using var g = new Generator(1, CPU);
        using var scope = NewDisposeScope();
        source.forward(rand([2, 3, 8, 8], generator: g));     // running statistics and counters move away from their defaults
        var slot = target.backbone.conv1.weight;
        Assert.False(source.backbone.conv1.weight!.data<float>().ToArray().SequenceEqual(slot!.data<float>().ToArray()));

        var (missing, unexpected) = target.load_state_dict_checked(source.state_dict());

        Assert.Empty(missing);
        Assert.Empty(unexpected);
        Assert.Same(slot, target.backbone.conv1.weight);       // copied into the live tensors, not replaced
        var expected = Snapshot(source);
        foreach (var (name, values) in Snapshot(target)) Assert.True(expected[name].SequenceEqual(values), $"{name} differs after loading");
        Assert.Equal(1L, target.backbone.bn1.num_batches_tracked!.item<long>());
        Assert.True(target.backbone.conv1.weight!.requires_grad);
        Assert.True(target.backbone.conv1.weight.is_leaf);
    }

    [Fact]
    public void ValuesOfAnotherDtypeAreConverted()
    {
        using var target = new TinyNet();
        using var scope = NewDisposeScope();
        var state = target.state_dict().ToDictionary(kv => kv.Key,
            kv => kv.Value.dtype == ScalarType.Int64 ? full(kv.Value.shape, 5L) : full(kv.Value.shape, 0.25, ScalarType.Float64));

        target.load_state_dict_checked(state);

        Assert.Equal(ScalarType.Float32, target.backbone.conv1.weight!.dtype);
        Assert.All(target.backbone.conv1.weight.data<float>().ToArray(), v => Assert.Equal(0.25f, v));
        Assert.Equal(5L, target.backbone.bn1.num_batches_tracked!.item<long>());
    }

    [Fact]
    public void StrictLoadNamesEveryProblemAtOnceAndChangesNothing()
    {
        using var net = new TinyNet();
        using var scope = NewDisposeScope();
        var before = Snapshot(net);
        var state = net.state_dict().ToDictionary(kv => kv.Key, kv => zeros_like(kv.Value));
        state.Remove("backbone.bn1.running_var");
        state.Remove("classifier.2.bias");
        state["aux_classifier.0.weight"] = zeros(1);
        state["backbone.fc.bias"] = zeros(1);
        state["classifier.2.weight"] = zeros(21, 4, 1, 1);
        state["backbone.bn1.weight"] = zeros(1);              // would broadcast through copy_: must be refused

        var e = Assert.Throws<StateDictMismatchException>(() => net.load_state_dict_checked(state));

        // Missing keys come in the module's state-dict order (parameters, then buffers).
        Assert.Equal(["classifier.2.bias", "backbone.bn1.running_var"], e.MissingKeys);
        Assert.Equal(["aux_classifier.0.weight", "backbone.fc.bias"], e.UnexpectedKeys);
        Assert.Equal(2, e.SizeMismatches.Count);
        Assert.Contains(e.SizeMismatches, m => m.Contains("backbone.bn1.weight") && m.Contains("[1]") && m.Contains("[4]"));
        Assert.Contains(e.SizeMismatches, m => m.Contains("classifier.2.weight") && m.Contains("[21, 4, 1, 1]") && m.Contains("[2, 4, 1, 1]"));
        foreach (var key in new[] { "backbone.bn1.running_var", "classifier.2.bias", "aux_classifier.0.weight", "backbone.fc.bias" })
            Assert.Contains($"\"{key}\"", e.Message);
        Assert.All(e.SizeMismatches, m => Assert.Contains(m, e.Message));
        Assert.Contains("TinyNet", e.Message);
        AssertUnchanged(before, net);                           // checked before anything was copied
    }

    [Fact]
    public void BatchNormCountersMayBeAbsentAsInOldTorchvisionWeights()
    {
        using var net = new TinyNet();
        using var scope = NewDisposeScope();
        var state = net.state_dict().Where(kv => !kv.Key.EndsWith(".num_batches_tracked")).ToDictionary(kv => kv.Key, kv => ones_like(kv.Value));

        var (missing, unexpected) = net.load_state_dict_checked(state);

        Assert.Empty(missing);
        Assert.Empty(unexpected);
        Assert.Equal(0L, net.backbone.bn1.num_batches_tracked!.item<long>());   // left as it was
        Assert.All(net.backbone.bn1.running_mean!.data<float>().ToArray(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void NonStrictLoadReturnsWhatItSkippedAndCopiesTheRest()
    {
        using var net = new TinyNet();
        using var scope = NewDisposeScope();
        var state = net.state_dict().ToDictionary(kv => kv.Key, kv => zeros_like(kv.Value));
        state.Remove("backbone.bn1.running_var");
        state.Remove("classifier.2.bias");
        state.Remove("backbone.bn1.num_batches_tracked");         // optional: not reported as missing
        state["aux_classifier.0.weight"] = zeros(1);
        var runningVar = net.backbone.bn1.running_var!.data<float>().ToArray();

        var (missing, unexpected) = net.load_state_dict_checked(state, strict: false);

        Assert.Equal(["classifier.2.bias", "backbone.bn1.running_var"], missing);
        Assert.Equal(["aux_classifier.0.weight"], unexpected);
        Assert.All(net.backbone.conv1.weight!.data<float>().ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal(runningVar, net.backbone.bn1.running_var!.data<float>().ToArray());
    }

    [Fact]
    public void ShapeMismatchesAreRefusedEvenWhenNotStrict()
    {
        using var net = new TinyNet();
        using var scope = NewDisposeScope();
        var before = Snapshot(net);
        var state = net.state_dict().ToDictionary(kv => kv.Key, kv => zeros_like(kv.Value));
        state["classifier.2.weight"] = zeros(21, 4, 1, 1);

        var e = Assert.Throws<StateDictMismatchException>(() => net.load_state_dict_checked(state, strict: false));

        var line = Assert.Single(e.SizeMismatches);
        Assert.Equal("size mismatch for classifier.2.weight: copying a param with shape [21, 4, 1, 1] from checkpoint, " +
                     "the shape in current model is [2, 4, 1, 1].", line);   // PyTorch's wording
        Assert.Empty(e.MissingKeys);
        Assert.Empty(e.UnexpectedKeys);
        AssertUnchanged(before, net);
    }
}
