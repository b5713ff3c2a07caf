using System.Globalization;
using Pipeline.Torch.nn;

namespace Pipeline.Torch.optim;

/// <summary>
/// Stochastic gradient descent with PyTorch's semantics, per parameter p with gradient g:
/// d = g + weight_decay·p; buf = d on the first step, else buf = momentum·buf + (1 − dampening)·d;
/// with nesterov d = d + momentum·buf, else d = buf; p = p − lr·d.
/// The update runs in place without recording gradients and never reads a value back to the host, so a CUDA
/// step only queues kernels; it uses multi-tensor operators (torch._foreach_*, PyTorch's foreach=True), a few
/// launches per step instead of several per parameter. Parameters without a gradient are skipped. Momentum buffers are created on the first
/// step on the parameter's device, so move the model before training starts (as with PyTorch).
/// </summary>
public sealed class SGD : Optimizer
{
    private readonly Dictionary<Parameter, Tensor> momentumBuffers = new(ReferenceEqualityComparer.Instance);

    public SGD(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0,
               bool nesterov = false)
        : this([new ParamGroup(parameters, lr, momentum, dampening, weight_decay, nesterov)])
    {
    }

    public SGD(IEnumerable<ParamGroup> groups) : base(groups)
    {
    }

    /// <summary>The learning rate of the first group; setting it sets every group's.</summary>
    public double lr
    {
        get => param_groups[0].lr;
        set
        {
            foreach (var group in param_groups) group.lr = value;
        }
    }

    public override void step()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        foreach (var group in param_groups)
        {
            var stepped = new List<Parameter>();
            var grads = new List<Tensor>();
            foreach (var p in group.@params)
                if (p.grad is { } g)
                {
                    stepped.Add(p);
                    grads.Add(g);
                }
            if (stepped.Count == 0) continue;
            var weights = stepped.Select(p => p.data).ToArray();
            var d = group.weight_decay != 0 ? torch._foreach_add(grads.ToArray(), weights, group.weight_decay) : grads.ToArray();
            if (group.momentum != 0)
            {
                // buf = momentum·buf + (1 − dampening)·d where a buffer exists; the first step starts it at d.
                var existing = Enumerable.Range(0, stepped.Count).Where(i => momentumBuffers.ContainsKey(stepped[i])).ToArray();
                if (existing.Length > 0)
                {
                    var buffers = existing.Select(i => momentumBuffers[stepped[i]]).ToArray();
                    torch._foreach_mul_(buffers, group.momentum);
                    torch._foreach_add_(buffers, existing.Select(i => d[i]).ToArray(), 1 - group.dampening);
                }
                for (var i = 0; i < stepped.Count; i++)
                    if (!momentumBuffers.ContainsKey(stepped[i])) momentumBuffers[stepped[i]] = d[i].clone().DetachFromDisposeScope();
                var all = stepped.Select(p => momentumBuffers[p]).ToArray();
                d = group.nesterov ? torch._foreach_add(d, all, group.momentum) : all;
            }
            torch._foreach_add_(weights, d, -group.lr);
        }
    }

    private IEnumerable<Parameter> AllParameters() => param_groups.SelectMany(g => g.@params);

    /// <summary>
    /// The momentum buffers for a checkpoint, keyed by the parameter's position ("0", "1", ...) in the order the
    /// parameters were given (across groups), as PyTorch's optimizer state_dict numbers them; parameters that have
    /// not been stepped yet have no entry. Values are new references (detached aliases): dispose them or let a scope.
    /// </summary>
    public OrderedDictionary<string, Tensor> MomentumBuffers()
    {
        var result = new OrderedDictionary<string, Tensor>();
        var index = 0;
        foreach (var p in AllParameters())
        {
            if (momentumBuffers.TryGetValue(p, out var buf)) result.Add(index.ToString(CultureInfo.InvariantCulture), buf.detach());
            index++;
        }
        return result;
    }

    /// <summary>
    /// Replaces all momentum buffers with copies of those given (keys as <see cref="MomentumBuffers"/> writes them),
    /// on each parameter's device and dtype. A resumed run then continues exactly as an uninterrupted one, provided
    /// the parameters are given in the same order. Every bad key or shape is reported at once and nothing changes.
    /// </summary>
    public void LoadMomentumBuffers(IReadOnlyDictionary<string, Tensor> buffers)
    {
        var parameters = AllParameters().ToList();
        var problems = new List<string>();
        foreach (var (key, value) in buffers)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= parameters.Count)
                problems.Add($"key '{key}' is not a parameter index (0..{parameters.Count - 1})");
            else if (!value.shape.SequenceEqual(parameters[index].shape))
                problems.Add($"buffer '{key}' has shape [{string.Join(", ", value.shape)}], parameter {index} has [{string.Join(", ", parameters[index].shape)}]");
        }
        if (problems.Count > 0) throw new ArgumentException("momentum buffers do not fit this optimizer: " + string.Join("; ", problems), nameof(buffers));

        ClearBuffers();
        using var noGrad = torch.no_grad();
        foreach (var (key, value) in buffers)
        {
            var p = parameters[int.Parse(key, CultureInfo.InvariantCulture)];
            using var converted = value.to(p.device, p.dtype);
            momentumBuffers[p] = converted.clone().DetachFromDisposeScope();
        }
    }

    private void ClearBuffers()
    {
        foreach (var buf in momentumBuffers.Values) buf.Dispose();
        momentumBuffers.Clear();
    }

    public override void Dispose() => ClearBuffers();
}
