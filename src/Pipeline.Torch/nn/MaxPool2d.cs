namespace Pipeline.Torch.nn;

/// <summary>Max pooling with a square window, as torch.nn.MaxPool2d (stride defaults to the kernel size).</summary>
public sealed class MaxPool2d(long kernel_size, long? stride = null, long padding = 0, long dilation = 1, bool ceil_mode = false) : Module
{
    public long kernel_size { get; } = kernel_size;
    public long stride { get; } = stride ?? kernel_size;
    public long padding { get; } = padding;
    public long dilation { get; } = dilation;
    public bool ceil_mode { get; } = ceil_mode;

    public override Tensor forward(Tensor x) => functional.max_pool2d(x, kernel_size, stride, padding, dilation, ceil_mode);
}
