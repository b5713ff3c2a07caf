using YamlDotNet.Core;

namespace Pipeline.Orchestration.Config;

/// <summary>Errors and warnings gathered while reading configuration; readers keep going after an error.</summary>
internal sealed class ConfigDiagnostics
{
    private readonly List<ConfigError> errors = [];
    private readonly List<string> warnings = [];

    public IReadOnlyList<ConfigError> Errors => errors;
    public IReadOnlyList<string> Warnings => warnings;

    public void Error(string file, Mark mark, string path, string message) =>
        errors.Add(new ConfigError(file, (int)mark.Line, (int)mark.Column, path, message));

    public void Warn(string message) => warnings.Add(message);

    public void ThrowIfAny()
    {
        if (errors.Count > 0) throw new ConfigException(errors.ToArray());
    }
}
