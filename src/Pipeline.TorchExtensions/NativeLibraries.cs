using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using TorchSharp;

namespace Pipeline.TorchExtensions;

/// <summary>
/// Where TorchSharp's native parts were loaded from and which libtorch they are, for `pipeline doctor` and run
/// provenance, and the loaded libtorch_cpu that <see cref="LibTorchSymbols"/> binds its functions in.
/// </summary>
public static partial class NativeLibraries
{
    private static readonly string[] Prefixes = ["libLibTorchSharp", "LibTorchSharp", "libtorch", "torch_", "torch.", "libc10", "c10", "libcudart", "cudart", "libcudnn", "cudnn"];

    /// <summary>Loads TorchSharp's native backend (and libtorch) if it is not loaded yet; throws TorchSharp's own error when it cannot be.</summary>
    public static void EnsureLoaded() => torch.InitializeDeviceType(DeviceType.CPU);

    /// <summary>TorchSharp's version, from its assembly.</summary>
    public static string TorchSharpVersion => Informational(typeof(torch).Assembly);

    /// <summary>
    /// The libtorch version: a Python torch install's own (its version.py, beside lib/), else the version of the
    /// libtorch package TorchSharp was built for.
    /// </summary>
    public static string LibTorchVersion
    {
        get
        {
            if (Find("torch_cpu") is { } cpu && Path.GetDirectoryName(Path.GetDirectoryName(cpu)) is { } package
                && File.Exists(Path.Combine(package, "version.py"))
                && PythonVersion().Match(File.ReadAllText(Path.Combine(package, "version.py"))) is { Success: true } m)
                return m.Groups[1].Value;
            var version = torch.__version__;
            return version.EndsWith(".0.0", StringComparison.Ordinal) ? version[..^2] : version;
        }
    }

    /// <summary>The native libraries of TorchSharp, libtorch, CUDA and cuDNN this process has loaded, by full path.</summary>
    public static IReadOnlyList<string> Loaded()
    {
        EnsureLoaded();
        using var process = Process.GetCurrentProcess();
        return process.Modules.Cast<ProcessModule>()
            .Select(m => m.FileName)
            .Where(path => Prefixes.Any(p => Path.GetFileName(path).StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The loaded library whose name is the stem with a platform prefix and suffix (torch_cpu → libtorch_cpu.so, torch_cpu.dll), or null.</summary>
    public static string? Find(string stem)
    {
        var names = new[] { $"lib{stem}.so", $"{stem}.dll", $"lib{stem}.dylib" };
        return Loaded().FirstOrDefault(path => names.Contains(Path.GetFileName(path), StringComparer.OrdinalIgnoreCase));
    }

    private static string Informational(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                      ?? assembly.GetName().Version?.ToString() ?? "unknown";
        var plus = version.IndexOf('+');
        return plus < 0 ? version : version[..plus];
    }

    [GeneratedRegex(@"__version__\s*=\s*['""]([^'""]+)['""]")]
    private static partial Regex PythonVersion();
}
