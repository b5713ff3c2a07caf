namespace Pipeline.Torch.nn;

/// <summary>
/// Batch normalisation over N×C×H×W, as torch.nn.BatchNorm2d: in training it normalises with the batch statistics
/// and updates running_mean / running_var (momentum-weighted, unbiased variance) and num_batches_tracked; in eval
/// it uses the running statistics.
/// </summary>
public sealed class BatchNorm2d : Module
{
    public BatchNorm2d(long num_features, double eps = 1e-5, double momentum = 0.1)
    {
        (this.num_features, this.eps, this.momentum) = (num_features, eps, momentum);
        weight = register_parameter("weight", torch.ones([num_features]));
        bias = register_parameter("bias", torch.zeros([num_features]));
        register_buffer("running_mean", torch.zeros([num_features]));
        register_buffer("running_var", torch.ones([num_features]));
        register_buffer("num_batches_tracked", torch.zeros([], ScalarType.Int64));
    }

    public long num_features { get; }
    public double eps { get; }
    public double momentum { get; }
    public Parameter weight { get; }
    public Parameter bias { get; }
    public Tensor running_mean => buffer("running_mean");
    public Tensor running_var => buffer("running_var");
    public Tensor num_batches_tracked => buffer("num_batches_tracked");

    // Like PyTorch, accept state dicts without the counter (saved before it existed, e.g. older torchvision weights).
    protected override bool IsOptionalInStateDict(string bufferName) => bufferName == "num_batches_tracked";

    /// <summary>True once folded into its convolution: the layer then passes its input through unchanged.</summary>
    public bool folded { get; private set; }

    /// <summary>
    /// Folds this layer's eval-mode affine map into <paramref name="conv"/>, whose output it normalises:
    /// with s = γ/√(σ²+ε), W' = W·s per output channel and b' = (b − μ)·s + β, after which this layer is the
    /// identity. Inference only: one kernel less per convolution, but the module's state dict no longer holds the
    /// trained values, so save the weights first; training a folded layer throws.
    /// </summary>
    public void fold_into(Conv2d conv)
    {
        if (folded) throw new InvalidOperationException("this batch norm is already folded into its convolution");
        if (conv.out_channels != num_features)
            throw new ArgumentException($"a convolution of {conv.out_channels} output channels cannot absorb a batch norm of {num_features} features", nameof(conv));
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var scale = weight.data.div(running_var.add(eps).sqrt());
        conv.weight.data.mul_(scale.reshape(-1, 1, 1, 1));
        var shift = bias.data.sub(running_mean.mul(scale));
        if (conv.bias is { } b) b.data.mul_(scale).add_(shift);
        else conv.add_bias(shift.clone().DetachFromDisposeScope());
        folded = true;
    }

    public override Tensor forward(Tensor x)
    {
        if (folded)
            return training ? throw new InvalidOperationException("a batch norm folded for inference cannot train; load the saved weights into a new model") : x;
        if (x.dim() != 4) throw new ArgumentException($"BatchNorm2d expects N×C×H×W input, got [{string.Join(", ", x.shape)}]", nameof(x));
        if (training) num_batches_tracked.add_(1);
        return functional.batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps);
    }
}
