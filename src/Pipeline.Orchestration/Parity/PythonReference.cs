namespace Pipeline.Orchestration.Parity;

/// <summary>
/// The PyTorch reference scripts in bench/ and the Python that runs them: PIPELINE_PYTHON when set, else Debian's
/// /usr/bin/python3 (python3-torch 1.13), else python3 on the PATH.
/// </summary>
public static class PythonReference
{
    public static string Interpreter =>
        Environment.GetEnvironmentVariable("PIPELINE_PYTHON") ?? (File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");

    /// <summary>bench/<paramref name="name"/> in the working folder or a folder above it, else beside the program or above it; null when absent.</summary>
    public static string? FindScript(string name)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "bench", name))) return Path.Combine(dir.FullName, "bench", name);
        return null;
    }
}
