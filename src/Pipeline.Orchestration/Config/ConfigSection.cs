using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Orchestration.Config;

/// <summary>
/// The fields of one YAML mapping, possibly composed from a config block plus inline overrides; each field
/// remembers its own file. Reading a field marks it as known, so whatever is left over is an unknown field.
/// </summary>
internal sealed class ConfigSection
{
    private readonly record struct Entry(YamlScalarNode Key, ConfigValue Value);

    private readonly List<Entry> entries;
    private readonly HashSet<string> known = [];
    private readonly ConfigDiagnostics diagnostics;

    /// <summary>Where the section was declared: missing fields are reported there.</summary>
    private readonly string file;
    private readonly Mark start;

    public string Path { get; }

    private ConfigSection(List<Entry> entries, string file, Mark start, string path, ConfigDiagnostics diagnostics)
    {
        this.entries = entries;
        this.file = file;
        this.start = start;
        Path = path;
        this.diagnostics = diagnostics;
    }

    /// <summary>
    /// The mapping's fields, with the command line's overrides of this section's fields put in (never into a secret
    /// mapping such as a key file, whose fields are data).
    /// </summary>
    public static ConfigSection FromMapping(YamlMappingNode mapping, string file, string path, ConfigDiagnostics diagnostics, bool secret = false)
    {
        var entries = new List<Entry>();
        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode { Value: { } name } scalar)
                entries.Add(new Entry(scalar, new ConfigValue(value, file, Join(path, name), diagnostics, secret)));
            else
                diagnostics.Error(file, key.Start, path, "field names must be plain words, found a list or mapping");
        }
        if (!secret)
        {
            foreach (var (name, value, source) in diagnostics.Overrides.For(path, name => entries.Exists(e => e.Key.Value == name)))
            {
                var entry = new Entry(new YamlScalarNode(name), new ConfigValue(value, source, Join(path, name), diagnostics));
                var at = entries.FindIndex(e => e.Key.Value == name);
                if (at < 0) entries.Add(entry);
                else entries[at] = entry;
            }
        }
        return new ConfigSection(entries, file, mapping.Start, path, diagnostics);
    }

    /// <summary>
    /// This block with <paramref name="overrides"/> applied field by field (whole values replace, lists included);
    /// missing fields are then reported at <paramref name="declaredAt"/>, where the user named the block.
    /// </summary>
    public ConfigSection OverriddenBy(ConfigSection overrides, ConfigValue declaredAt, IReadOnlySet<string> skip)
    {
        var overriding = overrides.entries.Where(e => !skip.Contains(e.Key.Value!)).ToList();
        var names = overriding.Select(e => e.Key.Value).ToHashSet();
        var merged = entries.Where(e => !names.Contains(e.Key.Value)).Concat(overriding).ToList();
        return new ConfigSection(merged, declaredAt.File, declaredAt.Node.Start, Path, diagnostics);
    }

    /// <summary>The field's value, or null when it is absent or written as null.</summary>
    public ConfigValue? Field(string name)
    {
        known.Add(name);
        var found = entries.Find(e => e.Key.Value == name);
        return found.Key is null || found.Value.IsNull ? null : found.Value;
    }

    /// <summary>Every field, for maps whose keys are data (key names in a key file) rather than a schema.</summary>
    public IEnumerable<(string Name, ConfigValue Value)> All()
    {
        foreach (var (key, value) in entries)
        {
            known.Add(key.Value!);
            yield return (key.Value!, value);
        }
    }

    /// <summary>Like <see cref="Field"/>, but an absent field is an error.</summary>
    public ConfigValue? Required(string name, string? hint = null)
    {
        var value = Field(name);
        if (value is null) diagnostics.Error(file, start, Join(Path, name), "required field is missing" + (hint is null ? "" : $"; {hint}"));
        return value;
    }

    /// <summary>Reports every field never asked for, with the closest known name. Call after reading all fields.</summary>
    public void RejectUnknown()
    {
        var allowed = known.Order(StringComparer.Ordinal).ToArray();
        foreach (var (key, value) in entries.Where(e => !known.Contains(e.Key.Value!)))
            diagnostics.Error(value.File, key.Start, value.Path,
                $"unknown field '{key.Value}'{DidYouMean.Hint(key.Value!, allowed)}; allowed: {string.Join(", ", allowed)}");
    }

    /// <summary>Reports an error about the section as a whole, at the place it was declared.</summary>
    public void Error(string message) => diagnostics.Error(file, start, Path, message);

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
