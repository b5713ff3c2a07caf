using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.TorchExtensions;

/// <summary>
/// PyTorch's channels_last memory format (NHWC strides behind NCHW shapes), which cuDNN's fastest convolution kernels
/// use on tensor cores. TorchSharp has no memory_format argument, but a permute to NHWC, contiguous, and a permute
/// back gives exactly those strides, and convolutions then keep them in their outputs.
/// </summary>
public static class ChannelsLast
{
    /// <summary>A channels-last copy of an N×C×H×W tensor.</summary>
    public static Tensor ToChannelsLast(this Tensor x)
    {
        using var scope = NewDisposeScope();
        return x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Puts every convolution weight of the model in channels-last (as model.to(memory_format=torch.channels_last)).
    /// The weights become new Parameter objects: call it before building the optimizer.
    /// </summary>
    public static void ToChannelsLast(this nn.Module model)
    {
        using var noGrad = no_grad();
        // TorchSharp's named_modules() leaves out the module itself, which may be a convolution too.
        foreach (var module in model.named_modules().Select(m => m.module).Prepend(model).Distinct())
        {
            if (module is not Conv2d conv || conv.weight is not { } weight) continue;
            conv.weight = new Parameter(NhwcCopy(weight), weight.requires_grad);
            weight.Dispose();
        }
    }

    /// <summary>
    /// A tensor of its own with NHWC strides, never a view: permute-contiguous-permute returns a view of the weight
    /// itself when it is already NHWC-contiguous (every 1×1 kernel), and TorchSharp's Parameter keeps the tensor it is
    /// given, so the first in-place SGD step on such a no-grad view makes every later forward fail.
    /// </summary>
    private static Tensor NhwcCopy(Tensor weight)
    {
        using var scope = NewDisposeScope();
        var copy = empty_strided(weight.shape, weight.ToChannelsLast().stride(), weight.dtype, weight.device);
        return copy.copy_(weight).MoveToOuterDisposeScope();
    }
}
