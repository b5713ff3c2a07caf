using Pipeline.Torch;
using Pipeline.Torch.nn;

namespace Pipeline.Method.Models;

/// <summary>A residual block of torchvision's ResNet; Expansion relates its width to its output channels.</summary>
public abstract class ResidualBlock : Module
{
    protected ResidualBlock(Sequential? downsample)
    {
        if (downsample is not null) register_module("downsample", downsample);
        Downsample = downsample;
    }

    protected Sequential? Downsample { get; }

    protected Tensor Shortcut(Tensor x) => Downsample is null ? x : Downsample.forward(x);
}

/// <summary>ResNet-18/34's block: two 3×3 convolutions. Unlike torchvision's, it accepts dilation so the
/// small backbones can be dilated like ResNet-50 inside FCN (output stride 8).</summary>
public sealed class BasicBlock : ResidualBlock
{
    public const int Expansion = 1;
    private readonly Conv2d conv1, conv2;
    private readonly BatchNorm2d bn1, bn2;

    public BasicBlock(long inplanes, long planes, long stride, long dilation, Sequential? downsample) : base(downsample)
    {
        conv1 = register_module("conv1", new Conv2d(inplanes, planes, 3, stride, padding: dilation, dilation: dilation, bias: false));
        bn1 = register_module("bn1", new BatchNorm2d(planes));
        conv2 = register_module("conv2", new Conv2d(planes, planes, 3, 1, padding: dilation, dilation: dilation, bias: false));
        bn2 = register_module("bn2", new BatchNorm2d(planes));
    }

    public override Tensor forward(Tensor x)
    {
        var y = bn1.forward(conv1.forward(x)).relu_();
        y = bn2.forward(conv2.forward(y));
        return y.add_(Shortcut(x)).relu_();
    }
}

/// <summary>ResNet-50's block: 1×1 reduce, 3×3 (strided, dilated), 1×1 expand by 4 (torchvision's V1.5 layout).</summary>
public sealed class Bottleneck : ResidualBlock
{
    public const int Expansion = 4;
    private readonly Conv2d conv1, conv2, conv3;
    private readonly BatchNorm2d bn1, bn2, bn3;

    public Bottleneck(long inplanes, long planes, long stride, long dilation, Sequential? downsample) : base(downsample)
    {
        conv1 = register_module("conv1", new Conv2d(inplanes, planes, 1, bias: false));
        bn1 = register_module("bn1", new BatchNorm2d(planes));
        conv2 = register_module("conv2", new Conv2d(planes, planes, 3, stride, padding: dilation, dilation: dilation, bias: false));
        bn2 = register_module("bn2", new BatchNorm2d(planes));
        conv3 = register_module("conv3", new Conv2d(planes, planes * Expansion, 1, bias: false));
        bn3 = register_module("bn3", new BatchNorm2d(planes * Expansion));
    }

    public override Tensor forward(Tensor x)
    {
        var y = bn1.forward(conv1.forward(x)).relu_();
        y = bn2.forward(conv2.forward(y)).relu_();
        y = bn3.forward(conv3.forward(y));
        return y.add_(Shortcut(x)).relu_();
    }
}
