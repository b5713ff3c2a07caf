using Pipeline.Method.Keys;

namespace Pipeline.Orchestration.Config;

/// <summary>One key of the grid: given inline (a seed, or a strong key's hex), or by name from the key file.</summary>
public sealed record KeySpec(string? Name, SecretKey Key)
{
    /// <summary>Never the key: records print every member by default, and keys end up in logs.</summary>
    public override string ToString() => Name is null ? $"inline {Key}" : $"{Key} '{Name}'";
}
