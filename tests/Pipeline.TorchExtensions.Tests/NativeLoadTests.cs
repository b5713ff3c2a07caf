using System.Diagnostics;
using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace Pipeline.TorchExtensions.Tests;

/// <summary>
/// TorchSharp's native library loads on this machine (Build/WeakenMissingLibstdcxxVersions.cs), and the build changed
/// exactly what it should: the output copy's GLIBCXX_3.4.32 requirement is weak where the system libstdc++ lacks
/// that version, and the NuGet cache's copy, hard-linked into outputs, is untouched.
/// </summary>
public partial class NativeLoadTests
{
    private const string MarkerVersion = "GLIBCXX_3.4.32";
    private const string SystemLibstdcxx = "/lib/x86_64-linux-gnu/libstdc++.so.6";

    [Fact]
    public void ARealOperatorRuns()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3, 4 }, 2, 2);
        // [[1,2],[3,4]]² = [[1·1+2·3, 1·2+2·4], [3·1+4·3, 3·2+4·4]]
        Assert.Equal([7f, 10f, 15f, 22f], a.matmul(a).data<float>().ToArray());
    }

    [Fact]
    public void NativeLibrariesNameTheLoadedLibtorch()
    {
        var loaded = NativeLibraries.Loaded();
        Assert.Contains(loaded, p => Path.GetFileName(p) is "libtorch_cpu.so" or "torch_cpu.dll" or "libtorch_cpu.dylib");
        Assert.Contains(loaded, p => Path.GetFileName(p).StartsWith("libLibTorchSharp", StringComparison.Ordinal)
                                     || Path.GetFileName(p).StartsWith("LibTorchSharp", StringComparison.Ordinal));
        Assert.All(loaded, p => Assert.True(Path.IsPathRooted(p), $"{p} is not a full path"));
        Assert.Equal(loaded.Distinct().Count(), loaded.Count);
        Assert.Equal(NativeLibraries.Find("torch_cpu"), loaded.Single(p => Path.GetFileNameWithoutExtension(p) is "libtorch_cpu" or "torch_cpu"));
        Assert.Null(NativeLibraries.Find("no_such_library"));
        Assert.Equal("2.10.0", NativeLibraries.LibTorchVersion);      // what TorchSharp 0.107.0 is built against
        Assert.Equal("0.107.0", NativeLibraries.TorchSharpVersion);
    }

    [LinuxFact]
    public void TheCopyNextToTheTestsIsTheOneLoaded()
    {
        // TorchSharp falls back to copying the NuGet cache's files into bin/…/cpu/ when its first try fails; the
        // patched output copy must be the one that loaded.
        var copy = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.Contains(Path.GetFullPath(copy), NativeLibraries.Loaded());
    }

    [LinuxFact]
    public void TheOutputCopyIsWeakExactlyWhereTheSystemLibstdcxxLacksTheVersion()
    {
        var copy = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(copy), $"{copy} is missing");
        var systemHasIt = Definitions(SystemLibstdcxx).Contains(MarkerVersion);

        var flags = NeededFlags(copy, "libstdc++.so.6");

        // When the system has the version, the task leaves the library as shipped ("none"); otherwise it marks it weak.
        Assert.Equal(systemHasIt ? "none" : "WEAK", flags[MarkerVersion]);
        // No other requirement was touched: every other libstdc++ version the library needs stays strong.
        Assert.All(flags.Where(f => f.Key != MarkerVersion), f => Assert.Equal("none", f.Value));
    }

    [LinuxFact]
    public void TheNuGetCacheCopyIsUntouched()
    {
        var cached = Path.Combine(NuGetPackages(), "torchsharp", NativeLibraries.TorchSharpVersion,
                                  "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(cached), $"{cached} is missing");
        Assert.Equal("none", NeededFlags(cached, "libstdc++.so.6")[MarkerVersion]);

        // Where the output copy was patched, it was replaced by a new file (the hard link broken), not written through.
        var copy = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (!Definitions(SystemLibstdcxx).Contains(MarkerVersion))
            Assert.NotEqual(Inode(cached), Inode(copy));
    }

    private static string NuGetPackages() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>The version names a library defines (readelf's .gnu.version_d section).</summary>
    private static HashSet<string> Definitions(string library)
    {
        var text = Readelf(library);
        var start = text.IndexOf("Version definition section", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{library} has no version definitions");
        var end = text.IndexOf("Version needs section", start, StringComparison.Ordinal);
        var section = end < 0 ? text[start..] : text[start..end];
        return DefinitionName().Matches(section).Select(m => m.Groups[1].Value).ToHashSet();
    }

    /// <summary>Version name → Vernaux flags ("none", "WEAK", …) of what the library needs from one file (.gnu.version_r).</summary>
    private static Dictionary<string, string> NeededFlags(string library, string file)
    {
        var result = new Dictionary<string, string>();
        string? current = null;
        var text = Readelf(library);
        var start = text.IndexOf("Version needs section", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{library} has no version needs");
        foreach (var line in text[start..].Split('\n'))
        {
            if (NeedFile().Match(line) is { Success: true } f) current = f.Groups[1].Value;
            else if (current == file && NeedName().Match(line) is { Success: true } n) result[n.Groups[1].Value] = n.Groups[2].Value;
        }
        Assert.NotEmpty(result);
        return result;
    }

    private static string Readelf(string path) => Tool("readelf", "-V", "--wide", path);

    private static string Inode(string path) => Tool("stat", "-L", "-c", "%d:%i", path).Trim();

    private static string Tool(string name, params string[] arguments)
    {
        var start = new ProcessStartInfo(name) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{name} {string.Join(' ', arguments)} failed: {error.Result}");
        return output.Result;
    }

    [GeneratedRegex(@"Cnt: \d+\s+Name: (\S+)")]
    private static partial Regex DefinitionName();

    [GeneratedRegex(@"Version: \d+\s+File: (\S+)\s+Cnt:")]
    private static partial Regex NeedFile();

    [GeneratedRegex(@"Name: (\S+)\s+Flags: (\S+)\s+Version:")]
    private static partial Regex NeedName();
}
