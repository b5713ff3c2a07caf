namespace Pipeline.Torch.nn;

/// <summary>2-D convolution with a square kernel, as torch.nn.Conv2d (weight: out × in/groups × k × k).</summary>
public sealed class Conv2d : Module
{
    public Conv2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, long dilation = 1,
                  long groups = 1, bool bias = true)
    {
        if (in_channels % groups != 0 || out_channels % groups != 0)
            throw new ArgumentException($"in_channels ({in_channels}) and out_channels ({out_channels}) must be divisible by groups ({groups})");
        (this.in_channels, this.out_channels, this.kernel_size) = (in_channels, out_channels, kernel_size);
        (this.stride, this.padding, this.dilation, this.groups) = (stride, padding, dilation, groups);

        // PyTorch's reset_parameters: kaiming_uniform(a=√5) gives U(±1/√fan_in); the bias uses the same bound.
        var w = torch.empty([out_channels, in_channels / groups, kernel_size, kernel_size]);
        init.kaiming_uniform_(w, a: Math.Sqrt(5));
        weight = register_parameter("weight", w);
        if (bias)
        {
            var bound = 1 / Math.Sqrt(init.calculate_fan_in_and_fan_out(w).fan_in);
            this.bias = register_parameter("bias", init.uniform_(torch.empty([out_channels]), -bound, bound));
        }
    }

    public long in_channels { get; }
    public long out_channels { get; }
    public long kernel_size { get; }
    public long stride { get; }
    public long padding { get; }
    public long dilation { get; }
    public long groups { get; }
    public Parameter weight { get; }
    public Parameter? bias { get; private set; }

    /// <summary>Gives a convolution made without a bias one (batch-norm folding needs it).</summary>
    internal Parameter add_bias(Tensor value)
    {
        if (bias is not null) throw new InvalidOperationException("the convolution already has a bias");
        return bias = register_parameter("bias", value);
    }

    public override Tensor forward(Tensor x) => functional.conv2d(x, weight, bias?.data, stride, padding, dilation, groups);
}
