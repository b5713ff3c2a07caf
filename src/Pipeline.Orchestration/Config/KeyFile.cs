namespace Pipeline.Orchestration.Config;

/// <summary>
/// The key file: a YAML map from key names to keys (a seed, or a strong key's 64 hex digits), kept out of version
/// control (keys.yaml and *.keys.yaml are git-ignored) so that experiments can be shared without their keys. Read by an
/// experiment's grid.key_file and by `pipeline key` and `pipeline transform` (--key-file), so that a key that matters
/// never has to be typed on a command line.
/// </summary>
public static class KeyFile
{
    private const UnixFileMode OthersCanRead = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>Names → keys (null where a key is invalid, already reported), or null after recording why the file could not be used.</summary>
    internal static IReadOnlyDictionary<string, Method.Keys.SecretKey?>? Load(ConfigValue fileValue, string projectRoot, ConfigDiagnostics diagnostics)
    {
        if (fileValue.Text() is not { } written) return null;
        var file = Path.GetFullPath(Path.Combine(projectRoot, written));
        if (Problem(file) is { } problem)
        {
            fileValue.Error(problem);
            return null;
        }
        if (Warning(file) is { } warning) diagnostics.Warn(warning);
        if (YamlFile.Load(file, "", diagnostics, secret: true) is not { } section) return null;

        return section.All().ToDictionary(field => field.Name, field => field.Value.Key(), StringComparer.Ordinal);
    }

    /// <summary>
    /// The key named <paramref name="name"/> in <paramref name="file"/> (the only one when the file holds one and no name is
    /// given), and the warnings about the file. Throws <see cref="ConfigException"/> with every error, placed.
    /// </summary>
    public static (Method.Keys.SecretKey Key, IReadOnlyList<string> Warnings) Read(string file, string? name)
    {
        var diagnostics = new ConfigDiagnostics();
        var key = ReadKey(Path.GetFullPath(file), name, diagnostics);
        diagnostics.ThrowIfAny();
        return (key!, diagnostics.Warnings);
    }

    private static Method.Keys.SecretKey? ReadKey(string file, string? name, ConfigDiagnostics diagnostics)
    {
        if (Problem(file) is { } problem)
        {
            diagnostics.Error(file, YamlFile.Start, "(file)", problem);
            return null;
        }
        if (Warning(file) is { } warning) diagnostics.Warn(warning);
        if (YamlFile.Load(file, "", diagnostics, secret: true) is not { } section) return null;
        var keys = section.All().ToList();
        var names = keys.Select(k => k.Name).Order(StringComparer.Ordinal).ToArray();
        var at = name is null ? (keys.Count == 1 ? 0 : -1) : keys.FindIndex(k => k.Name == name);
        if (at >= 0) return keys[at].Value.Key();
        diagnostics.Error(file, YamlFile.Start, "(file)", name is null
            ? $"the file holds {keys.Count} keys; name one with --key; allowed: {string.Join(", ", names)}"
            : $"no key '{name}' in the key file{DidYouMean.Hint(name, names)}; allowed: {string.Join(", ", names)}");
        return null;
    }

    private static string? Problem(string file) =>
        Directory.Exists(file) ? $"key file {file} is a folder; give the YAML file of 'name: key' lines"
        : !File.Exists(file) ? $"key file {file} does not exist; create it with one 'name: key' line per key (a seed, or a strong key "
                               + "from pipeline key new --strong), chmod 600 it and keep it out of version control"
        : null;

    // Anyone but the owner who can read or write a key file can use or change the keys.
    private static string? Warning(string file) =>
        !OperatingSystem.IsWindows() && File.GetUnixFileMode(file) is var mode && (mode & OthersCanRead) != 0
            ? $"{file}: the key file can be read or written by others than you (mode {Convert.ToString((int)mode, 8).PadLeft(4, '0')}); run: chmod 600 {file}"
            : null;
}
