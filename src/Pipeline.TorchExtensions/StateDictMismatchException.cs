namespace Pipeline.TorchExtensions;

/// <summary>
/// A state dict that does not fit a module. The message lists every missing key, every unexpected key and every
/// shape mismatch at once (as PyTorch's "Error(s) in loading state_dict"), so one attempt shows the whole problem.
/// </summary>
public sealed class StateDictMismatchException : Exception
{
    public StateDictMismatchException(string moduleName, IReadOnlyList<string> missingKeys, IReadOnlyList<string> unexpectedKeys,
                                      IReadOnlyList<string> sizeMismatches)
        : base(Describe(moduleName, missingKeys, unexpectedKeys, sizeMismatches))
    {
        MissingKeys = missingKeys;
        UnexpectedKeys = unexpectedKeys;
        SizeMismatches = sizeMismatches;
    }

    public IReadOnlyList<string> MissingKeys { get; }
    public IReadOnlyList<string> UnexpectedKeys { get; }
    public IReadOnlyList<string> SizeMismatches { get; }

    private static string Describe(string moduleName, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> sizes)
    {
        var lines = new List<string> { $"Error(s) in loading state_dict for {moduleName}:" };
        if (missing.Count > 0) lines.Add($"  Missing key(s) in state_dict ({missing.Count}): {Quote(missing)}.");
        if (unexpected.Count > 0) lines.Add($"  Unexpected key(s) in state_dict ({unexpected.Count}): {Quote(unexpected)}.");
        lines.AddRange(sizes.Select(s => "  " + s));
        return string.Join(Environment.NewLine, lines);
    }

    private static string Quote(IEnumerable<string> keys) => string.Join(", ", keys.Select(k => $"\"{k}\""));
}
