using Pipeline.Torch;
using Pipeline.Torch.nn;

namespace Pipeline.Method.Models;

/// <summary>
/// torchvision's ResNet without its pooling and fully connected head, with layer3 and layer4 dilated instead
/// of strided (output stride 8), as the backbone of torchvision's FCN. Names follow torchvision
/// (conv1, bn1, layer1.0.conv1, layer1.0.downsample.0, …) so its weights load unchanged.
/// </summary>
public sealed class ResNetBackbone : Module
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly MaxPool2d maxpool = new(3, 2, 1);
    private readonly Sequential layer1, layer2, layer3, layer4;
    private long inplanes = 64;
    private long dilation = 1;

    public ResNetBackbone(ResNetDepth depth)
    {
        var (bottleneck, blocks) = depth switch
        {
            ResNetDepth.ResNet18 => (false, new[] { 2, 2, 2, 2 }),
            ResNetDepth.ResNet34 => (false, new[] { 3, 4, 6, 3 }),
            ResNetDepth.ResNet50 => (true, new[] { 3, 4, 6, 3 }),
            _ => throw new ArgumentOutOfRangeException(nameof(depth), depth, "unknown ResNet depth"),
        };
        Expansion = bottleneck ? Bottleneck.Expansion : BasicBlock.Expansion;
        conv1 = register_module("conv1", new Conv2d(3, 64, 7, 2, 3, bias: false));
        bn1 = register_module("bn1", new BatchNorm2d(64));
        layer1 = register_module("layer1", MakeLayer(bottleneck, 64, blocks[0], 1, dilate: false));
        layer2 = register_module("layer2", MakeLayer(bottleneck, 128, blocks[1], 2, dilate: false));
        layer3 = register_module("layer3", MakeLayer(bottleneck, 256, blocks[2], 2, dilate: true));
        layer4 = register_module("layer4", MakeLayer(bottleneck, 512, blocks[3], 2, dilate: true));
        InitialiseLikeTorchvision();
    }

    public int Expansion { get; }

    /// <summary>Channels out of layer3 (the auxiliary head's input) and layer4 (the main head's input).</summary>
    public long Layer3Channels => 256 * Expansion;
    public long Layer4Channels => 512 * Expansion;

    /// <summary>Returns layer3's and layer4's features (layer3's only matters for the auxiliary head).</summary>
    public (Tensor layer3, Tensor layer4) Features(Tensor x)
    {
        var y = maxpool.forward(bn1.forward(conv1.forward(x)).relu_());
        var l3 = layer3.forward(layer2.forward(layer1.forward(y)));
        return (l3, layer4.forward(l3));
    }

    public override Tensor forward(Tensor x) => Features(x).layer4;

    // torchvision's _make_layer with replace_stride_with_dilation: a dilated layer keeps stride 1, its first
    // block uses the previous dilation and the rest the multiplied one.
    private Sequential MakeLayer(bool bottleneck, long planes, int count, long stride, bool dilate)
    {
        var previousDilation = dilation;
        if (dilate)
        {
            dilation *= stride;
            stride = 1;
        }
        var expansion = bottleneck ? Bottleneck.Expansion : BasicBlock.Expansion;
        Sequential? downsample = null;
        if (stride != 1 || inplanes != planes * expansion)
            downsample = new Sequential(new Conv2d(inplanes, planes * expansion, 1, stride, bias: false), new BatchNorm2d(planes * expansion));
        var layer = new Sequential(Block(bottleneck, inplanes, planes, stride, previousDilation, downsample));
        inplanes = planes * expansion;
        for (var k = 1; k < count; k++) layer.Append(Block(bottleneck, inplanes, planes, 1, dilation, null));
        return layer;
    }

    private static Module Block(bool bottleneck, long inplanes, long planes, long stride, long dilation, Sequential? downsample) =>
        bottleneck ? new Bottleneck(inplanes, planes, stride, dilation, downsample) : new BasicBlock(inplanes, planes, stride, dilation, downsample);

    private void InitialiseLikeTorchvision()
    {
        using var scope = torch.NewDisposeScope();
        foreach (var m in modules())
        {
            if (m is Conv2d conv) init.kaiming_normal_(conv.weight, mode: "fan_out", nonlinearity: "relu");
            else if (m is BatchNorm2d bn)
            {
                init.constant_(bn.weight, 1);
                init.constant_(bn.bias, 0);
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
