using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Orchestration.Config;

/// <summary>
/// Command-line overrides, <c>--set training.epochs=2</c>, as Hydra takes them: a dotted field path and a YAML value
/// that replaces the field wherever the experiment's section at that path is read (a block named by the experiment
/// included), as if the file had said so. So an override is validated like the file, its errors name the override,
/// and a job's id is the same as with the value written in the file. Lists are replaced whole; keys are never taken
/// from the command line (they would land in shell history and run.json).
/// </summary>
public sealed partial class ConfigOverrides
{
    public const string Option = "--set";

    private readonly List<Override> items = [];

    private ConfigOverrides()
    {
    }

    public static readonly ConfigOverrides None = new();

    /// <summary>The overrides as given ("training.epochs=2"), for run.json.</summary>
    public IReadOnlyList<string> Given => items.Select(o => o.Text).ToArray();

    /// <summary>Reads <c>path=value</c> items; malformed ones are errors placed at the override.</summary>
    internal static ConfigOverrides Parse(IEnumerable<string> given, ConfigDiagnostics diagnostics)
    {
        var overrides = new ConfigOverrides();
        foreach (var text in given)
        {
            var display = $"{Option} {text}";
            var equals = text.IndexOf('=');
            var path = equals < 0 ? text : text[..equals];
            if (equals < 0 || !FieldPath().IsMatch(path))
            {
                diagnostics.OverrideError(display, path, "expected FIELD=VALUE with FIELD a dotted path of field names, e.g. training.epochs=2 or dataset.image_size=64");
                continue;
            }
            if (path == GridSpec.KeysPath || path.StartsWith(GridSpec.KeysPath + ".", StringComparison.Ordinal))
            {
                diagnostics.OverrideError(display, path, "keys are not taken from the command line (shell history and run.json would keep them); "
                                                             + "write them in the experiment or a key file (grid.key_file)");
                continue;
            }
            if (overrides.items.FirstOrDefault(o => o.Path == path) is { } earlier)
            {
                diagnostics.OverrideError(display, path, $"given twice (also {Option} {earlier.Text}); give each field once");
                continue;
            }
            if (Value(text[(equals + 1)..], display, path, diagnostics) is { } node) overrides.items.Add(new Override(path, text, display, node));
        }
        return overrides;
    }

    /// <summary>Whether errors in this file are about an override rather than a file (they have no line to name).</summary>
    internal bool Names(string file) => items.Any(o => o.Display == file);

    /// <summary>
    /// The fields to put into the section at <paramref name="sectionPath"/>, replacing the file's: each override of one
    /// of its fields, and an empty mapping for a field an override reaches into that the section leaves out
    /// (<c>slurm.partition=gpu</c> without a slurm section), so that the override is read when that field is.
    /// </summary>
    internal IEnumerable<(string Field, YamlNode Value, string File)> For(string sectionPath, Func<string, bool> present)
    {
        var prefix = sectionPath.Length == 0 ? "" : sectionPath + ".";
        foreach (var o in items.Where(o => o.Path.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var rest = o.Path[prefix.Length..].Split('.');
            if (rest.Length == 1) o.Applied = true;
            if (rest.Length == 1) yield return (rest[0], o.Value, o.Display);
            else if (!present(rest[0])) yield return (rest[0], new YamlMappingNode(), o.Display);
        }
    }

    /// <summary>Reports every override that reached no field: its path runs through a value that is not a section.</summary>
    internal void ReportUnapplied(ConfigDiagnostics diagnostics)
    {
        foreach (var o in items.Where(o => !o.Applied))
            diagnostics.OverrideError(o.Display, o.Path, $"{o.Path} is not a field of this experiment: its path passes through a value that is not a "
                                                           + "section (a list is replaced whole, e.g. grid.block_sizes=[2,4])");
    }

    private static YamlNode? Value(string text, string display, string path, ConfigDiagnostics diagnostics)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            diagnostics.OverrideError(display, path, $"the value is not YAML ({(e as YamlException)?.Message ?? "unclosed '[', '{' or quote"}); "
                                                       + "write it as in the experiment file, e.g. [2, 4] for a list");
            return null;
        }
        if (stream.Documents.Count > 0) return stream.Documents[0].RootNode;
        // An empty value is YAML's null, as "field:" with nothing after it in a file: the field is left out and its default applies.
        var empty = new YamlStream();
        empty.Load(new StringReader("~"));
        return empty.Documents[0].RootNode;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex FieldPath();

    private sealed class Override(string path, string text, string display, YamlNode value)
    {
        public string Path { get; } = path;
        public string Text { get; } = text;
        public string Display { get; } = display;
        public YamlNode Value { get; } = value;
        public bool Applied { get; set; }
    }
}
