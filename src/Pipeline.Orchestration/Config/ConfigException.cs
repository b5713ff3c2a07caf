namespace Pipeline.Orchestration.Config;

/// <summary>Thrown once per load with every error found, so one edit-and-retry fixes them all.</summary>
public sealed class ConfigException(IReadOnlyList<ConfigError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<ConfigError> Errors { get; } = errors;
}
