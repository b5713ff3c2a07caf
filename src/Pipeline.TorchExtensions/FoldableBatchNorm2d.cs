using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.TorchExtensions;

/// <summary>
/// torch.nn.BatchNorm2d (same arithmetic, same state-dict names: weight, bias, running_mean, running_var,
/// num_batches_tracked) that can be folded into the convolution whose output it normalises, for inference:
/// with s = γ/√(σ²+ε), W' = W·s per output channel and b' = (b − μ)·s + β, after which this layer passes its input
/// through. One kernel less per convolution. TorchSharp has no such fusion and its BatchNorm2d is sealed.
/// </summary>
public sealed class FoldableBatchNorm2d(long num_features, double eps = 1e-5, double momentum = 0.1)
    : BatchNorm(num_features, eps, momentum, affine: true, track_running_stats: true, device: null, dtype: null, name: "BatchNorm2d")
{
    /// <summary>True once folded: the module then is the identity, and its own tensors no longer describe the network.</summary>
    public bool folded { get; private set; }

    /// <summary>
    /// Folds this layer's eval-mode affine map into <paramref name="conv"/>. Inference only: save the weights first,
    /// since the convolution's change is not undone; a folded layer refuses to train.
    /// </summary>
    public void fold_into(Conv2d conv)
    {
        if (folded) throw new InvalidOperationException("this batch norm is already folded into its convolution");
        if (conv.out_channels != num_features)
            throw new ArgumentException($"a convolution of {conv.out_channels} output channels cannot absorb a batch norm of {num_features} features", nameof(conv));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var scale = weight!.div(running_var!.add(eps).sqrt());
        conv.weight!.mul_(scale.reshape(-1, 1, 1, 1));
        var shift = bias!.sub(running_mean!.mul(scale));
        if (conv.bias is { } b) b.mul_(scale).add_(shift);
        else conv.bias = new Parameter(shift.clone().DetachFromDisposeScope(), requires_grad: false);
        folded = true;
    }

    public override Tensor forward(Tensor input)
    {
        if (!folded) return base.forward(input);
        if (training) throw new InvalidOperationException("a batch norm folded for inference cannot train; load the saved weights into a new model");
        return input.alias();
    }

    protected override void ValidateInputDimensions(Tensor input)
    {
        if (input.ndim != 4) throw new ArgumentException($"BatchNorm2d expects N×C×H×W input, got [{string.Join(", ", input.shape)}]", nameof(input));
    }
}
