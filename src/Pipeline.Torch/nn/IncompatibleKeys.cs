namespace Pipeline.Torch.nn;

/// <summary>What a non-strict load_state_dict skipped: the module's keys absent from the dict, and the dict's keys the module lacks.</summary>
public sealed record IncompatibleKeys(IReadOnlyList<string> missing_keys, IReadOnlyList<string> unexpected_keys);
