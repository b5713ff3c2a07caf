using Pipeline.Method.Transforms;
using Pipeline.TorchExtensions;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Pipeline.Method.Models;

/// <summary>
/// torchvision's ResNet without its pooling and fully connected head, with layer3 and layer4 dilated instead
/// of strided (output stride 8), as the backbone of torchvision's FCN. Names follow torchvision
/// (conv1, bn1, layer1.0.conv1, layer1.0.downsample.0, …) so its weights load unchanged. TorchVision's own
/// resnet50 cannot serve: its layers are private and its forward always ends in avgpool and fc.
/// </summary>
public sealed class ResNetBackbone : Module<Tensor, (Tensor layer3, Tensor layer4)>
{
    private readonly Conv2d conv1;
    private readonly FoldableBatchNorm2d bn1;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1, layer2, layer3, layer4;
    private readonly ResNetDepth depth;
    private long inplanes = StemChannels;
    private long dilation = 1;

    // torchvision's widths: the stem's output, and the planes of each residual stage (its output is planes × expansion).
    private const int StemChannels = 64;
    private static readonly Dictionary<string, int> Planes = new() { ["layer1"] = 64, ["layer2"] = 128, ["layer3"] = 256, ["layer4"] = 512 };

    public ResNetBackbone(ResNetDepth depth) : base(nameof(ResNetBackbone))
    {
        var blocks = depth switch
        {
            ResNetDepth.ResNet18 => new[] { 2, 2, 2, 2 },
            ResNetDepth.ResNet34 or ResNetDepth.ResNet50 => [3, 4, 6, 3],
            _ => throw new ArgumentOutOfRangeException(nameof(depth), depth, "unknown ResNet depth"),
        };
        this.depth = depth;
        conv1 = Conv2d(3, StemChannels, 7, stride: 2, padding: 3, bias: false);
        bn1 = new FoldableBatchNorm2d(StemChannels);
        maxpool = MaxPool2d(3, stride: 2, padding: 1);
        layer1 = MakeLayer("layer1", blocks[0], 1, dilate: false);
        layer2 = MakeLayer("layer2", blocks[1], 2, dilate: false);
        layer3 = MakeLayer("layer3", blocks[2], 2, dilate: true);
        layer4 = MakeLayer("layer4", blocks[3], 2, dilate: true);
        register_module("conv1", conv1);
        register_module("bn1", bn1);
        register_module("maxpool", maxpool);
        register_module("layer1", layer1);
        register_module("layer2", layer2);
        register_module("layer3", layer3);
        register_module("layer4", layer4);
        InitialiseLikeTorchvision();
    }

    /// <summary>The fmp permutation of feature maps between stages, or null (plain). Not a module: it has no weights.</summary>
    public FeatureMapPermutation? FeaturePermutation { get; set; }

    /// <summary>Channels of the feature maps after a stage (<see cref="FeatureMapPermutation.Stages"/>) of a backbone of this depth.</summary>
    public static int StageChannels(ResNetDepth depth, string stage) =>
        stage == "stem" ? StemChannels
        : Planes.TryGetValue(stage, out var planes) ? planes * Expansion(depth)
        : throw new ArgumentException($"unknown feature map '{stage}'; allowed: {string.Join(", ", FeatureMapPermutation.Stages)}", nameof(stage));

    /// <summary>Channels out of layer3 (the auxiliary head's input) and layer4 (the main head's input).</summary>
    public long Layer3Channels => StageChannels(depth, "layer3");
    public long Layer4Channels => StageChannels(depth, "layer4");

    /// <summary>ResNet-50 is built of bottlenecks (1×1, 3×3, 1×1 convolutions), ResNet-18/34 of basic blocks.</summary>
    public static bool IsBottleneck(ResNetDepth depth) => depth == ResNetDepth.ResNet50;

    private static int Expansion(ResNetDepth depth) => IsBottleneck(depth) ? Bottleneck.Expansion : BasicBlock.Expansion;

    /// <summary>layer3's and layer4's features (layer3's matters only for the auxiliary head).</summary>
    public override (Tensor layer3, Tensor layer4) forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = Permute("stem", maxpool.call(bn1.call(conv1.call(x)).relu_()));
        y = Permute("layer1", layer1.call(y));
        y = Permute("layer2", layer2.call(y));
        var l3 = Permute("layer3", layer3.call(y));
        var l4 = Permute("layer4", layer4.call(l3));
        return (l3.MoveToOuterDisposeScope(), l4.MoveToOuterDisposeScope());
    }

    private Tensor Permute(string stage, Tensor features) => FeaturePermutation?.Apply(stage, features) ?? features;

    // torchvision's _make_layer with replace_stride_with_dilation: a dilated layer keeps stride 1, its first
    // block uses the previous dilation and the rest the multiplied one.
    private Sequential MakeLayer(string stage, int count, long stride, bool dilate)
    {
        var (bottleneck, planes, expansion) = (IsBottleneck(depth), Planes[stage], Expansion(depth));
        var previousDilation = dilation;
        if (dilate)
        {
            dilation *= stride;
            stride = 1;
        }
        Sequential? downsample = null;
        if (stride != 1 || inplanes != planes * expansion)
            downsample = Sequential(Conv2d(inplanes, planes * expansion, 1, stride: stride, bias: false), new FoldableBatchNorm2d(planes * expansion));
        var blocks = new List<Module<Tensor, Tensor>> { Block(bottleneck, inplanes, planes, stride, previousDilation, downsample) };
        inplanes = planes * expansion;
        for (var k = 1; k < count; k++) blocks.Add(Block(bottleneck, inplanes, planes, 1, dilation, null));
        return Sequential(blocks.ToArray());
    }

    private static Module<Tensor, Tensor> Block(bool bottleneck, long inplanes, long planes, long stride, long dilation, Sequential? downsample) =>
        bottleneck ? new Bottleneck(inplanes, planes, stride, dilation, downsample) : new BasicBlock(inplanes, planes, stride, dilation, downsample);

    private void InitialiseLikeTorchvision()
    {
        using var scope = NewDisposeScope();
        foreach (var (_, m) in named_modules())
        {
            if (m is Conv2d conv) init.kaiming_normal_(conv.weight, mode: init.FanInOut.FanOut, nonlinearity: init.NonlinearityType.ReLU);
            else if (m is FoldableBatchNorm2d bn)
            {
                init.ones_(bn.weight);
                init.zeros_(bn.bias);
            }
        }
    }
}

public enum ResNetDepth
{
    ResNet18,
    ResNet34,
    ResNet50,
}
