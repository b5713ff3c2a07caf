using Pipeline.TorchExtensions;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Pipeline.Method.Models;

/// <summary>
/// A residual block of torchvision's ResNet. Children are registered explicitly, in torchvision's order
/// (conv1, bn1, conv2, bn2, …, downsample), so state-dict names and order match its weights, and each batch norm
/// comes right after the convolution it normalises (what <see cref="FcnResNet.FoldBatchNorm"/> relies on).
/// </summary>
public abstract class ResidualBlock(string name, Sequential? downsample) : Module<Tensor, Tensor>(name)
{
    protected Sequential? Downsample { get; } = downsample;

    /// <summary>Registers the downsample path last, where torchvision has it.</summary>
    protected void RegisterDownsample()
    {
        if (Downsample is not null) register_module("downsample", Downsample);
    }

    protected Tensor Shortcut(Tensor x) => Downsample is null ? x : Downsample.call(x);

    protected T Child<T>(string childName, T module) where T : Module
    {
        register_module(childName, module);
        return module;
    }
}

/// <summary>ResNet-18/34's block: two 3×3 convolutions. Unlike TorchVision's, it accepts dilation, so the small
/// backbones can be dilated like ResNet-50 inside FCN (output stride 8).</summary>
public sealed class BasicBlock : ResidualBlock
{
    public const int Expansion = 1;
    private readonly Conv2d conv1, conv2;
    private readonly FoldableBatchNorm2d bn1, bn2;

    public BasicBlock(long inplanes, long planes, long stride, long dilation, Sequential? downsample) : base(nameof(BasicBlock), downsample)
    {
        conv1 = Child("conv1", Conv2d(inplanes, planes, 3, stride: stride, padding: dilation, dilation: dilation, bias: false));
        bn1 = Child("bn1", new FoldableBatchNorm2d(planes));
        conv2 = Child("conv2", Conv2d(planes, planes, 3, padding: dilation, dilation: dilation, bias: false));
        bn2 = Child("bn2", new FoldableBatchNorm2d(planes));
        RegisterDownsample();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = bn1.call(conv1.call(x)).relu_();
        y = bn2.call(conv2.call(y));
        return y.add_(Shortcut(x)).relu_().MoveToOuterDisposeScope();
    }
}

/// <summary>ResNet-50's block: 1×1 reduce, 3×3 (strided, dilated), 1×1 expand by 4 (torchvision's V1.5 layout).</summary>
public sealed class Bottleneck : ResidualBlock
{
    public const int Expansion = 4;
    private readonly Conv2d conv1, conv2, conv3;
    private readonly FoldableBatchNorm2d bn1, bn2, bn3;

    public Bottleneck(long inplanes, long planes, long stride, long dilation, Sequential? downsample) : base(nameof(Bottleneck), downsample)
    {
        conv1 = Child("conv1", Conv2d(inplanes, planes, 1, bias: false));
        bn1 = Child("bn1", new FoldableBatchNorm2d(planes));
        conv2 = Child("conv2", Conv2d(planes, planes, 3, stride: stride, padding: dilation, dilation: dilation, bias: false));
        bn2 = Child("bn2", new FoldableBatchNorm2d(planes));
        conv3 = Child("conv3", Conv2d(planes, planes * Expansion, 1, bias: false));
        bn3 = Child("bn3", new FoldableBatchNorm2d(planes * Expansion));
        RegisterDownsample();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = bn1.call(conv1.call(x)).relu_();
        y = bn2.call(conv2.call(y)).relu_();
        y = bn3.call(conv3.call(y));
        return y.add_(Shortcut(x)).relu_().MoveToOuterDisposeScope();
    }
}
