namespace Pipeline.Torch.nn;

/// <summary>y = x·Wᵀ + b, as torch.nn.Linear (weight: out × in).</summary>
public sealed class Linear : Module
{
    public Linear(long in_features, long out_features, bool bias = true)
    {
        (this.in_features, this.out_features) = (in_features, out_features);
        // PyTorch's reset_parameters: kaiming_uniform(a=√5) gives U(±1/√in); the bias uses the same bound.
        weight = register_parameter("weight", init.kaiming_uniform_(torch.empty([out_features, in_features]), a: Math.Sqrt(5)));
        if (bias)
        {
            var bound = 1 / Math.Sqrt(in_features);
            this.bias = register_parameter("bias", init.uniform_(torch.empty([out_features]), -bound, bound));
        }
    }

    public long in_features { get; }
    public long out_features { get; }
    public Parameter weight { get; }
    public Parameter? bias { get; }

    public override Tensor forward(Tensor x) => functional.linear(x, weight, bias?.data);
}
