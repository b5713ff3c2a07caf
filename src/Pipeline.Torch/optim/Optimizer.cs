namespace Pipeline.Torch.optim;

/// <summary>Base of optimizers, as torch.optim.Optimizer: parameter groups, step and zero_grad. Dispose frees the optimizer's state.</summary>
public abstract class Optimizer : IDisposable
{
    protected Optimizer(IEnumerable<ParamGroup> groups)
    {
        param_groups = groups.ToList();
        if (param_groups.Count == 0) throw new ArgumentException("an optimizer needs at least one parameter group", nameof(groups));
    }

    public IReadOnlyList<ParamGroup> param_groups { get; }

    /// <summary>Updates the parameters from their gradients.</summary>
    public abstract void step();

    /// <summary>Drops every parameter's gradient (PyTorch's default set_to_none=True).</summary>
    public void zero_grad()
    {
        foreach (var group in param_groups)
            foreach (var p in group.@params) p.grad = null;
    }

    public abstract void Dispose();
}
