namespace Pipeline.Orchestration.Config;

/// <summary>
/// The key file: a YAML map from key names to keys (a seed, or a strong key's 64 hex digits), kept out of version
/// control (keys.yaml and *.keys.yaml are git-ignored) so that experiments can be shared without their keys.
/// </summary>
internal static class KeyFile
{
    /// <summary>Names → keys (null where a key is invalid, already reported), or null after recording why the file could not be used.</summary>
    public static IReadOnlyDictionary<string, Method.Keys.SecretKey?>? Load(ConfigValue fileValue, string projectRoot, ConfigDiagnostics diagnostics)
    {
        if (fileValue.Text() is not { } written) return null;
        var file = Path.GetFullPath(Path.Combine(projectRoot, written));
        if (!File.Exists(file))
        {
            fileValue.Error($"key file {file} does not exist; create it with one 'name: key' line per key (a seed, or a strong key "
                + "from pipeline key new --strong), chmod 600 it and keep it out of version control");
            return null;
        }
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(file) & UnixFileMode.OtherRead) != 0)
            diagnostics.Warn($"{file}: the key file is readable by every user on this machine; run: chmod 600 {file}");
        if (YamlFile.Load(file, "", diagnostics, secret: true) is not { } section) return null;

        return section.All().ToDictionary(field => field.Name, field => field.Value.Key(), StringComparer.Ordinal);
    }
}
