namespace Pipeline.Torch.nn;

/// <summary>Runs its children in order, as torch.nn.Sequential; children are named "0", "1", ... as in PyTorch state dicts.</summary>
public sealed class Sequential : Module
{
    private readonly List<Module> layers = [];

    public Sequential(params Module[] modules)
    {
        foreach (var m in modules) Append(m);
    }

    public Sequential Append(Module module)
    {
        register_module(layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        layers.Add(module);
        return this;
    }

    public int Count => layers.Count;

    public Module this[int index] => layers[index];

    public override Tensor forward(Tensor x)
    {
        // Intermediate results belong to the caller's dispose scope, as with any op.
        var y = x;
        foreach (var layer in layers) y = layer.forward(y);
        return y;
    }
}
