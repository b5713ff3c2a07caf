namespace Pipeline.Torch.nn;

/// <summary>
/// A trainable tensor owned by a module, as torch.nn.Parameter. It is a slot rather than a tensor: Module.to
/// replaces the tensor inside, so optimizers and fields holding the Parameter stay valid after a move.
/// The tensor is kept out of dispose scopes (a step's scope must not free the weights) and freed by Dispose.
/// </summary>
public sealed class Parameter : IDisposable
{
    private Tensor tensor;

    /// <summary>Takes ownership of <paramref name="data"/>, which must be a leaf (a freshly created tensor).</summary>
    public Parameter(Tensor data, bool requires_grad = true)
    {
        tensor = data.DetachFromDisposeScope();
        tensor.requires_grad = requires_grad;
    }

    /// <summary>The current tensor. Owned by the parameter: do not dispose it, and do not keep it across Module.to.</summary>
    public Tensor data => tensor;

    /// <summary>The accumulated gradient as a new reference (dispose it), or null; setting null drops it.</summary>
    public Tensor? grad
    {
        get => tensor.grad;
        set => tensor.grad = value;
    }

    public bool requires_grad
    {
        get => tensor.requires_grad;
        set => tensor.requires_grad = value;
    }

    public long[] shape => tensor.shape;
    public long numel() => tensor.numel();
    public ScalarType dtype => tensor.dtype;
    public Device device => tensor.device;
    public bool IsDisposed => tensor.IsDisposed;

    public static implicit operator Tensor(Parameter p) => p.tensor;

    /// <summary>Swaps in a converted copy (Module.to), carrying requires_grad and any gradient over; frees the old tensor.</summary>
    internal void Replace(Func<Tensor, Tensor> convert)
    {
        Tensor replacement;
        using (torch.no_grad())
        {
            replacement = convert(tensor).DetachFromDisposeScope();
            using var oldGrad = tensor.grad;
            if (oldGrad is not null)
            {
                using var newGrad = convert(oldGrad);
                replacement.grad = newGrad;
            }
        }
        // to() returns the same native tensor when nothing changes; requires_grad is then already set.
        if (replacement.requires_grad != tensor.requires_grad) replacement.requires_grad = tensor.requires_grad;
        tensor.Dispose();
        tensor = replacement;
    }

    public void Dispose() => tensor.Dispose();

    public override string ToString() => $"Parameter({tensor})";
}
