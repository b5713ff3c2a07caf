using Pipeline.Torch.Native;

namespace Pipeline.Torch.nn;

/// <summary>Stateless layers, as torch.nn.functional (use it as F: <c>using F = Pipeline.Torch.nn.functional;</c>).</summary>
public static class functional
{
    public const long IgnoreIndexDefault = -100;

    public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long dilation = 1, long groups = 1) =>
        Aten.Call("aten::conv2d", input, weight, bias, new[] { stride, stride }, new[] { padding, padding }, new[] { dilation, dilation }, groups);

    public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null) => Aten.Call("aten::linear", input, weight, bias);

    /// <summary>Batch normalisation; in training it updates running_mean and running_var in place.</summary>
    public static Tensor batch_norm(Tensor input, Tensor? running_mean, Tensor? running_var, Tensor? weight = null, Tensor? bias = null,
                                    bool training = false, double momentum = 0.1, double eps = 1e-5) =>
        Aten.Call("aten::batch_norm", input, weight, bias, running_mean, running_var, training, momentum, eps, true);

    public static Tensor relu(Tensor input) => input.relu();

    public static Tensor max_pool2d(Tensor input, long kernel_size, long? stride = null, long padding = 0, long dilation = 1, bool ceil_mode = false) =>
        Aten.Call("aten::max_pool2d", input, new[] { kernel_size, kernel_size }, new[] { stride ?? kernel_size, stride ?? kernel_size },
                  new[] { padding, padding }, new[] { dilation, dilation }, ceil_mode);

    public static Tensor avg_pool2d(Tensor input, long kernel_size, long? stride = null, long padding = 0) =>
        Aten.Call("aten::avg_pool2d", input, new[] { kernel_size, kernel_size }, new[] { stride ?? kernel_size, stride ?? kernel_size },
                  new[] { padding, padding });

    public static Tensor adaptive_avg_pool2d(Tensor input, long output_height, long output_width) =>
        Aten.Call("aten::adaptive_avg_pool2d", input, new[] { output_height, output_width });

    public static Tensor dropout(Tensor input, double p = 0.5, bool training = true) => Aten.Call("aten::dropout", input, p, training);

    public static Tensor log_softmax(Tensor input, long dim) => Aten.CallOverload("aten::log_softmax", "int", input, dim);

    public static Tensor softmax(Tensor input, long dim) => Aten.CallOverload("aten::softmax", "int", input, dim);

    /// <summary>Mean cross-entropy over the targets that are not ignore_index (PyTorch's reduction='mean').</summary>
    public static Tensor cross_entropy(Tensor input, Tensor target, long ignore_index = IgnoreIndexDefault, Tensor? weight = null) =>
        Aten.Call("aten::cross_entropy_loss", input, target, weight, 1L, ignore_index, 0.0);

    /// <summary>Mean negative log-likelihood over the non-ignored targets; N×C or N×C×d1×… inputs (nll_loss_nd, as PyTorch's F.nll_loss).</summary>
    public static Tensor nll_loss(Tensor input, Tensor target, long ignore_index = IgnoreIndexDefault) =>
        Aten.Call("aten::nll_loss_nd", input, target, Arg.None, 1L, ignore_index);

    /// <summary>Resizes N×C×H×W to the given size: "bilinear" (align_corners as given) or "nearest".</summary>
    public static Tensor interpolate(Tensor input, long height, long width, string mode = "bilinear", bool align_corners = false) => mode switch
    {
        "bilinear" => Aten.CallOverload("aten::upsample_bilinear2d", "vec", input, new[] { height, width }, align_corners, Arg.None),
        "nearest" => Aten.CallOverload("aten::upsample_nearest2d", "vec", input, new[] { height, width }, Arg.None),
        _ => throw new ArgumentException($"interpolate mode '{mode}' is not supported; use bilinear or nearest", nameof(mode)),
    };

    /// <summary>Samples input at grid locations in [-1, 1] (N×H×W×2, x then y); mode bilinear or nearest, zero padding.</summary>
    public static Tensor grid_sample(Tensor input, Tensor grid, string mode = "bilinear", bool align_corners = false)
    {
        var interpolation = mode switch
        {
            "bilinear" => 0L,
            "nearest" => 1L,
            _ => throw new ArgumentException($"grid_sample mode '{mode}' is not supported; use bilinear or nearest", nameof(mode)),
        };
        return Aten.Call("aten::grid_sampler", input, grid, interpolation, 0L, align_corners);
    }

    /// <summary>Pads the last two dimensions by (left, right, top, bottom) with a constant.</summary>
    public static Tensor pad(Tensor input, long left, long right, long top, long bottom, double value = 0) =>
        Aten.Call("aten::constant_pad_nd", input, new[] { left, right, top, bottom }, value);

    public static Tensor one_hot(Tensor input, long num_classes) => Aten.Call("aten::one_hot", input, num_classes);
}
