namespace Pipeline.Torch.nn;

/// <summary>
/// Base of all layers, as torch.nn.Module. Parameters, buffers and child modules are registered by name and kept
/// in registration order, so dotted names and state-dict order match PyTorch's (backbone.layer1.0.conv1.weight)
/// and torchvision weights load unchanged. A module owns its parameters and buffers: they live outside dispose
/// scopes and are freed by Dispose.
/// </summary>
public abstract class Module : IDisposable
{
    private readonly OrderedDictionary<string, Parameter> ownParameters = new();
    private readonly OrderedDictionary<string, Tensor> ownBuffers = new();
    private readonly OrderedDictionary<string, Module> ownChildren = new();
    private bool disposed;

    /// <summary>Training mode (dropout active, batch norm uses and updates batch statistics); set by train/eval.</summary>
    public bool training { get; private set; } = true;

    /// <summary>The layer's computation. Modules whose forward is not Tensor → Tensor define their own method instead.</summary>
    public virtual Tensor forward(Tensor x) =>
        throw new NotSupportedException($"{GetType().Name} has no single-tensor forward");

    protected Parameter register_parameter(string name, Tensor value, bool requires_grad = true)
    {
        CheckNewName(name);
        var parameter = new Parameter(value, requires_grad);
        ownParameters.Add(name, parameter);
        return parameter;
    }

    /// <summary>Registers state that is saved but not trained (running statistics). Read it back through <see cref="buffer"/>.</summary>
    protected Tensor register_buffer(string name, Tensor value)
    {
        CheckNewName(name);
        ownBuffers.Add(name, value.DetachFromDisposeScope());
        return value;
    }

    protected T register_module<T>(string name, T module) where T : Module
    {
        CheckNewName(name);
        ownChildren.Add(name, module);
        return module;
    }

    /// <summary>The buffer's current tensor; look it up each time, since Module.to replaces buffer tensors.</summary>
    protected Tensor buffer(string name) => ownBuffers[name];

    private void CheckNewName(string name)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"'{name}' is not a valid name: it must be non-empty and contain no '.'", nameof(name));
        if (ownParameters.ContainsKey(name) || ownBuffers.ContainsKey(name) || ownChildren.ContainsKey(name))
            throw new ArgumentException($"{GetType().Name} already has a member named '{name}'", nameof(name));
    }

    public IEnumerable<(string name, Module module)> named_children() => ownChildren.Select(c => (c.Key, c.Value));

    public IEnumerable<Module> children() => ownChildren.Values;

    /// <summary>This module (named "") and all descendants, depth first, with dotted names.</summary>
    public IEnumerable<(string name, Module module)> named_modules()
    {
        yield return ("", this);
        foreach (var (childName, child) in ownChildren)
            foreach (var (name, module) in child.named_modules())
                yield return (Join(childName, name), module);
    }

    public IEnumerable<Module> modules() => named_modules().Select(m => m.module);

    public IEnumerable<(string name, Parameter parameter)> named_parameters() =>
        named_modules().SelectMany(m => m.module.ownParameters.Select(p => (Join(m.name, p.Key), p.Value)));

    public IEnumerable<Parameter> parameters() => named_parameters().Select(p => p.parameter);

    /// <summary>The buffers' live tensors (owned by the modules: do not dispose them).</summary>
    public IEnumerable<(string name, Tensor buffer)> named_buffers() =>
        named_modules().SelectMany(m => m.module.ownBuffers.Select(b => (Join(m.name, b.Key), b.Value)));

    public IEnumerable<Tensor> buffers() => named_buffers().Select(b => b.buffer);

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : name.Length == 0 ? prefix : prefix + "." + name;

    /// <summary>
    /// Parameters and buffers by dotted name, module by module (each module's parameters, then its buffers), as
    /// PyTorch orders them. Each value is a new reference, a detached alias sharing the module's storage: it
    /// belongs to the current dispose scope (or dispose it), and disposing it leaves the module intact.
    /// </summary>
    public OrderedDictionary<string, Tensor> state_dict()
    {
        var result = new OrderedDictionary<string, Tensor>();
        foreach (var (name, t, _) in NamedState()) result.Add(name, t.detach());
        return result;
    }

    /// <summary>The live parameter and buffer tensors in state-dict order, each with whether a state dict may omit it.</summary>
    private IEnumerable<(string name, Tensor tensor, bool optional)> NamedState() =>
        named_modules().SelectMany(m => m.module.ownParameters.Select(p => (Join(m.name, p.Key), p.Value.data, false))
                                                 .Concat(m.module.ownBuffers.Select(b => (Join(m.name, b.Key), b.Value, m.module.IsOptionalInStateDict(b.Key)))));

    /// <summary>Whether load_state_dict may leave this buffer as it is when the dict lacks it (not reported as missing).</summary>
    protected virtual bool IsOptionalInStateDict(string bufferName) => false;

    /// <summary>
    /// Copies the values into this module's parameters and buffers in place (converting device and dtype).
    /// Everything is checked before anything is copied: a shape mismatch, or in strict mode any missing or
    /// unexpected key, throws one <see cref="StateDictMismatchException"/> naming every problem, and the module
    /// is left unchanged. Without strict, the keys that did not match are returned.
    /// </summary>
    public IncompatibleKeys load_state_dict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        var targets = new OrderedDictionary<string, Tensor>();
        var optional = new HashSet<string>();
        foreach (var (name, t, canOmit) in NamedState())
        {
            targets.Add(name, t);
            if (canOmit) optional.Add(name);
        }

        var missing = targets.Keys.Where(k => !state.ContainsKey(k) && !optional.Contains(k)).ToList();
        var unexpected = state.Keys.Where(k => !targets.ContainsKey(k)).ToList();
        var mismatches = new List<string>();
        foreach (var (name, target) in targets)
        {
            if (!state.TryGetValue(name, out var source)) continue;
            var (from, to) = (source.shape, target.shape);
            if (!from.SequenceEqual(to))
                mismatches.Add($"size mismatch for {name}: copying a param with shape [{string.Join(", ", from)}] from checkpoint, " +
                               $"the shape in current model is [{string.Join(", ", to)}].");
        }
        if (mismatches.Count > 0 || (strict && (missing.Count > 0 || unexpected.Count > 0)))
            throw new StateDictMismatchException(GetType().Name, strict ? missing : [], strict ? unexpected : [], mismatches);

        using (torch.no_grad())
            foreach (var (name, target) in targets)
                if (state.TryGetValue(name, out var source)) target.copy_(source);
        return new IncompatibleKeys(missing, unexpected);
    }

    /// <summary>Sets training mode on this module and all descendants.</summary>
    public Module train(bool mode = true)
    {
        foreach (var m in modules()) m.training = mode;
        return this;
    }

    public Module eval() => train(false);

    /// <summary>Moves every parameter and buffer to the device in place (the Parameter objects stay the same).</summary>
    public Module to(Device device)
    {
        Convert(t => t.to(device), floatingOnly: false);
        return this;
    }

    /// <summary>Casts the floating-point parameters and buffers (integer buffers such as num_batches_tracked keep their type).</summary>
    public Module to(ScalarType dtype)
    {
        if (!dtype.IsFloatingPoint())
            throw new ArgumentException($"Module.to accepts only floating-point types, not {dtype}", nameof(dtype));
        Convert(t => t.to(dtype), floatingOnly: true);
        return this;
    }

    private void Convert(Func<Tensor, Tensor> convert, bool floatingOnly)
    {
        foreach (var m in modules())
        {
            foreach (var p in m.ownParameters.Values)
                if (!floatingOnly || p.dtype.IsFloatingPoint()) p.Replace(convert);
            foreach (var name in m.ownBuffers.Keys.ToList())
            {
                var old = m.ownBuffers[name];
                if (floatingOnly && !old.dtype.IsFloatingPoint()) continue;
                using (torch.no_grad()) m.ownBuffers[name] = convert(old).DetachFromDisposeScope();
                old.Dispose();
            }
        }
    }

    /// <summary>Drops every parameter's gradient (PyTorch's set_to_none=True).</summary>
    public void zero_grad()
    {
        foreach (var p in parameters()) p.grad = null;
    }

    /// <summary>Frees the parameters and buffers of this module and its descendants.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var p in ownParameters.Values) p.Dispose();
        foreach (var b in ownBuffers.Values) b.Dispose();
        foreach (var c in ownChildren.Values) c.Dispose();
    }
}
