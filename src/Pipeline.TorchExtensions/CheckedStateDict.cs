using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.TorchExtensions;

/// <summary>
/// load_state_dict with PyTorch's checks. TorchSharp's copies without comparing shapes (copy_ broadcasts, so a
/// one-element tensor silently fills a whole weight), names no keys when strict loading fails and requires
/// num_batches_tracked, which older torchvision weights lack. Here everything is checked before anything is
/// copied: a shape mismatch, or in strict mode any missing or unexpected key, throws one
/// <see cref="StateDictMismatchException"/> naming every problem, and the module is left unchanged.
/// </summary>
public static class CheckedStateDict
{
    /// <summary>Copies the values into the module's parameters and buffers (any device or dtype); returns what a non-strict load skipped.</summary>
    public static (IReadOnlyList<string> missing, IReadOnlyList<string> unexpected) load_state_dict_checked(
        this nn.Module module, IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        var targets = module.state_dict(); // the live tensors
        var missing = targets.Keys.Where(k => !state.ContainsKey(k) && !IsOptional(k)).ToList();
        var unexpected = state.Keys.Where(k => !targets.ContainsKey(k)).ToList();
        var mismatches = new List<string>();
        foreach (var (name, target) in targets)
        {
            if (!state.TryGetValue(name, out var source)) continue;
            if (!source.shape.SequenceEqual(target.shape))
                mismatches.Add($"size mismatch for {name}: copying a param with shape [{string.Join(", ", source.shape)}] from checkpoint, " +
                               $"the shape in current model is [{string.Join(", ", target.shape)}].");
        }
        if (mismatches.Count > 0 || (strict && (missing.Count > 0 || unexpected.Count > 0)))
            throw new StateDictMismatchException(module.GetName(), strict ? missing : [], strict ? unexpected : [], mismatches);

        using (no_grad())
            foreach (var (name, target) in targets)
                if (state.TryGetValue(name, out var source)) target.copy_(source);
        return (missing, unexpected);
    }

    // As PyTorch's BatchNorm does, a state dict saved before the counter existed still loads.
    private static bool IsOptional(string key) => key == "num_batches_tracked" || key.EndsWith(".num_batches_tracked", StringComparison.Ordinal);
}
