using System.Globalization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.TorchExtensions;

/// <summary>
/// The momentum buffers of TorchSharp's SGD as named tensors, so a checkpoint (safetensors) holds them next to the
/// model and a resumed run continues with exactly the same updates. Keys are parameter positions ("0", "1", …) in
/// the order the parameters were given, across groups, as PyTorch's optimizer state_dict numbers them. TorchSharp
/// saves optimizer state only in its own binary format.
/// </summary>
public static class SgdMomentum
{
    /// <summary>Detached aliases of the buffers that exist (a parameter not stepped yet has none); they belong to the current dispose scope.</summary>
    public static OrderedDictionary<string, Tensor> momentum_buffers(this SGD optimizer)
    {
        var result = new OrderedDictionary<string, Tensor>();
        var states = optimizer.state_dict().State;
        for (var i = 0; i < states.Count; i++)
            if (((SGD.State)states[i]).momentum_buffer is { } buffer) result.Add(i.ToString(CultureInfo.InvariantCulture), buffer.detach());
        return result;
    }

    /// <summary>
    /// Replaces every momentum buffer with a copy of the given one on its parameter's device and dtype; parameters
    /// without an entry start afresh. Every bad key or shape is reported at once and nothing changes.
    /// </summary>
    public static void load_momentum_buffers(this SGD optimizer, IReadOnlyDictionary<string, Tensor> buffers)
    {
        optimizer.check_momentum_buffers(buffers);
        var parameters = optimizer.parameters().ToList();
        var states = optimizer.state_dict().State;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        for (var i = 0; i < states.Count; i++)
        {
            var state = (SGD.State)states[i];
            state.momentum_buffer?.Dispose();
            state.momentum_buffer = buffers.TryGetValue(i.ToString(CultureInfo.InvariantCulture), out var value)
                ? value.to(parameters[i].dtype, parameters[i].device).clone().DetachFromDisposeScope()
                : null;
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every key or shape that does not fit, changing nothing.</summary>
    public static void check_momentum_buffers(this SGD optimizer, IReadOnlyDictionary<string, Tensor> buffers)
    {
        var parameters = optimizer.parameters().ToList();
        var problems = new List<string>();
        foreach (var (key, value) in buffers)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= parameters.Count)
                problems.Add($"key '{key}' is not a parameter index (0..{parameters.Count - 1})");
            else if (!value.shape.SequenceEqual(parameters[index].shape))
                problems.Add($"buffer '{key}' has shape [{string.Join(", ", value.shape)}], parameter {index} has [{string.Join(", ", parameters[index].shape)}]");
        }
        if (problems.Count > 0) throw new ArgumentException("momentum buffers do not fit this optimizer: " + string.Join("; ", problems), nameof(buffers));
    }
}
