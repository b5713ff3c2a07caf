using System.Reflection;

namespace Pipeline.Cli;

/// <summary>What the build stamped into this program (Pipeline.Cli.csproj): version, commit and TorchSharp package.</summary>
public static class BuildInfo
{
    private static readonly Assembly Program = typeof(BuildInfo).Assembly;
    // "1.0.0+<commit>": the SDK appends the commit it was built from.
    private static readonly string Informational = Program.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static string Version => Informational.Split('+')[0];

    /// <summary>The commit, with a note when the working tree had uncommitted changes; null outside a git checkout.</summary>
    public static string? Commit => Informational.Split('+') is [_, var sha, ..]
        ? Metadata("GitTreeChanged") == "true" ? $"{sha} with uncommitted changes" : sha
        : null;

    /// <summary>The TorchSharp package and version the build chose, e.g. "TorchSharp-cpu 0.107.0".</summary>
    public static string TorchSharpPackage => Metadata("TorchSharpPackage") ?? "unknown package";

    private static string? Metadata(string key) => Program.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;
}
