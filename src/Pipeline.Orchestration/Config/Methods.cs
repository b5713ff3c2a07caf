using Pipeline.Method.Transforms;

namespace Pipeline.Orchestration.Config;

/// <summary>Method names as written in YAML, job files and tables.</summary>
public static class Methods
{
    public const string Ffx = "ffx";

    /// <summary>The unprotected model: plain images, no key, no block size.</summary>
    public const string Baseline = "baseline";

    /// <summary>The block-wise transforms a grid may list: whatever the method registers.</summary>
    public static IReadOnlyList<string> Protected => MethodRegistry.Names;
}
