using Pipeline.Method.Keys;

namespace Pipeline.Orchestration.Config;

/// <summary>One key of the grid: a seed given inline, or by name from the key file.</summary>
public sealed record KeySpec(string? Name, long Seed)
{
    /// <summary>The method's own fingerprint, so plan tables match `pipeline key` output.</summary>
    public string Fingerprint => new SecretKey(Seed).Fingerprint;

    /// <summary>Never the seed: records print every member by default, and keys end up in logs.</summary>
    public override string ToString() => Name is null ? $"key {Fingerprint}" : $"key {Name} ({Fingerprint})";
}
