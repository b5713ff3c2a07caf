using System.Text.RegularExpressions;

namespace Pipeline.Orchestration.Config;

/// <summary>
/// Resolves an experiment section that names a reusable block: <c>dataset: synthetic-64</c> reads
/// configs/dataset/synthetic-64.yaml; <c>dataset: {use: synthetic-64, seed: 3}</c> reads it and overrides
/// fields; a mapping without <c>use</c> is written out in full.
/// </summary>
internal sealed partial class ConfigBlocks(string configsRoot, ConfigDiagnostics diagnostics)
{
    public const string UseField = "use";
    private static readonly IReadOnlySet<string> Skip = new HashSet<string> { UseField };

    public ConfigSection? Resolve(ConfigValue declared, string kind)
    {
        if (declared.Node is YamlDotNet.RepresentationModel.YamlScalarNode)
            return declared.Text() is { } name ? Load(declared, declared.Path, kind, name) : null;
        if (declared.Mapping() is not { } inline) return null;
        if (inline.Field(UseField) is not { } use) return inline;
        if (use.Text() is not { } baseName || Load(use, declared.Path, kind, baseName) is not { } block) return null;
        return block.OverriddenBy(inline, declared, Skip);
    }

    private ConfigSection? Load(ConfigValue nameValue, string sectionPath, string kind, string name)
    {
        var folder = Path.Combine(configsRoot, kind);
        var available = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToArray()
            : [];
        var file = Path.Combine(folder, name + ".yaml");
        // A block name is a file name, never a path: no ../ escapes from configs/.
        if (!BlockName().IsMatch(name) || !File.Exists(file))
        {
            nameValue.Error($"no {kind} block '{name}': {file} does not exist{DidYouMean.Hint(name, available)}; allowed: "
                + (available.Length == 0 ? $"(none: {folder} has no .yaml files)" : string.Join(", ", available)));
            return null;
        }
        return YamlFile.Load(file, sectionPath, diagnostics);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex BlockName();
}
