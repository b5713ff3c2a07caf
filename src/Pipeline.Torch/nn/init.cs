namespace Pipeline.Torch.nn;

/// <summary>
/// Weight initialisation, as torch.nn.init: each function fills the tensor in place without recording gradients
/// (so it works on parameters) and returns it. Pass a Parameter directly; it converts to its tensor.
/// </summary>
public static class init
{
    public static Tensor constant_(Tensor tensor, double value)
    {
        using (torch.no_grad()) return tensor.fill_(value);
    }

    public static Tensor normal_(Tensor tensor, double mean = 0, double std = 1)
    {
        using (torch.no_grad()) return tensor.normal_(mean, std);
    }

    public static Tensor uniform_(Tensor tensor, double a = 0, double b = 1)
    {
        using (torch.no_grad()) return tensor.uniform_(a, b);
    }

    /// <summary>He initialisation from U(-bound, bound), bound = gain·sqrt(3 / fan); PyTorch's default for conv and linear weights uses a = sqrt(5).</summary>
    public static Tensor kaiming_uniform_(Tensor tensor, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu")
    {
        var bound = calculate_gain(nonlinearity, a) * Math.Sqrt(3.0 / Fan(tensor, mode));
        return uniform_(tensor, -bound, bound);
    }

    /// <summary>He initialisation from N(0, std²), std = gain / sqrt(fan); torchvision's ResNet uses mode "fan_out", nonlinearity "relu".</summary>
    public static Tensor kaiming_normal_(Tensor tensor, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu")
    {
        var std = calculate_gain(nonlinearity, a) / Math.Sqrt(Fan(tensor, mode));
        return normal_(tensor, 0, std);
    }

    /// <summary>The recommended gain for a nonlinearity; param is leaky_relu's negative slope (0.01 when null).</summary>
    public static double calculate_gain(string nonlinearity, double? param = null) => nonlinearity switch
    {
        "linear" or "identity" or "sigmoid" or "conv1d" or "conv2d" or "conv3d" => 1.0,
        "tanh" => 5.0 / 3,
        "relu" => Math.Sqrt(2.0),
        "leaky_relu" => Math.Sqrt(2.0 / (1 + Math.Pow(param ?? 0.01, 2))),
        "selu" => 3.0 / 4,
        _ => throw new ArgumentException($"unsupported nonlinearity '{nonlinearity}'", nameof(nonlinearity)),
    };

    /// <summary>fan_in = input channels × receptive field, fan_out = output channels × receptive field (dimension 1 and 0).</summary>
    public static (long fan_in, long fan_out) calculate_fan_in_and_fan_out(Tensor tensor)
    {
        var shape = tensor.shape;
        if (shape.Length < 2)
            throw new ArgumentException($"fan in and fan out need at least 2 dimensions, the tensor has {shape.Length}", nameof(tensor));
        var receptive = shape.Skip(2).Aggregate(1L, (x, y) => x * y);
        return (shape[1] * receptive, shape[0] * receptive);
    }

    private static long Fan(Tensor tensor, string mode)
    {
        var (fanIn, fanOut) = calculate_fan_in_and_fan_out(tensor);
        return mode switch
        {
            "fan_in" => fanIn,
            "fan_out" => fanOut,
            _ => throw new ArgumentException($"mode '{mode}' is not supported; use fan_in or fan_out", nameof(mode)),
        };
    }
}
