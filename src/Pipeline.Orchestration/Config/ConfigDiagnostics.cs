using YamlDotNet.Core;

namespace Pipeline.Orchestration.Config;

/// <summary>Errors and warnings gathered while reading configuration; readers keep going after an error.</summary>
internal sealed class ConfigDiagnostics
{
    private readonly List<ConfigError> errors = [];
    private readonly List<string> warnings = [];

    public IReadOnlyList<ConfigError> Errors => errors;
    public IReadOnlyList<string> Warnings => warnings;

    /// <summary>The command line's overrides, which every section read from here takes in.</summary>
    public ConfigOverrides Overrides { get; set; } = ConfigOverrides.None;

    /// <summary>An error at a place in a file, or in an override's value (which has no lines).</summary>
    public void Error(string file, Mark mark, string path, string message)
    {
        if (Overrides.Names(file)) OverrideError(file, path, message);
        else errors.Add(new ConfigError(file, (int)mark.Line, (int)mark.Column, path, message));
    }

    /// <summary>An error about a command-line override, placed at the override (<c>--set field=value</c>).</summary>
    public void OverrideError(string display, string path, string message) => errors.Add(new ConfigError(display, 0, 0, path, message));

    public void Warn(string message) => warnings.Add(message);

    public void ThrowIfAny()
    {
        if (errors.Count > 0) throw new ConfigException(errors.ToArray());
    }
}
