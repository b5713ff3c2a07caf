using System.Diagnostics;

namespace Pipeline.Tests.Shared;

/// <summary>
/// A real mount for tests of what a read-only or full file system does to a run (root on Linux, as CI and the Slurm
/// tests run): a folder bound read-only elsewhere, or a small tmpfs. Unmounted when disposed.
/// </summary>
public sealed class TestMount : IDisposable
{
    private static readonly Lazy<string?> Missing = new(Probe);

    private TestMount(string path) => Path = path;

    /// <summary>Why mounts cannot be made here, or null when they can.</summary>
    public static string? SkipReason => Missing.Value;

    /// <summary>Where the mount is.</summary>
    public string Path { get; }

    /// <summary><paramref name="source"/>, seen read-only at <see cref="Path"/>.</summary>
    public static TestMount ReadOnly(string source)
    {
        var target = Directory.CreateTempSubdirectory("ro-mount-").FullName;
        Mount("--bind", source, target);
        Mount("-o", "remount,bind,ro", target);
        return new TestMount(target);
    }

    /// <summary>An empty tmpfs of <paramref name="kilobytes"/> KiB: what a full disk does, a few files in.</summary>
    public static TestMount Tmpfs(int kilobytes)
    {
        var target = Directory.CreateTempSubdirectory("tmpfs-mount-").FullName;
        Mount("-t", "tmpfs", "-o", $"size={kilobytes}k", "tmpfs", target);
        return new TestMount(target);
    }

    public void Dispose()
    {
        Run("umount", Path);
        Directory.Delete(Path, recursive: true);
    }

    private static void Mount(params string[] args)
    {
        var (code, error) = Run("mount", args);
        if (code != 0) throw new InvalidOperationException($"mount {string.Join(' ', args)} failed: {error}");
    }

    private static (int Code, string Error) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux()) return "mounts are made with Linux's mount";
        if (Environment.UserName != "root") return "making a mount needs root";
        try
        {
            using var probe = Tmpfs(64);
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return $"mount is not allowed here: {e.Message}";
        }
    }
}

/// <summary>A fact that needs <see cref="TestMount"/>; skipped with the reason where mounts cannot be made.</summary>
public sealed class MountFactAttribute : FactAttribute
{
    public MountFactAttribute()
    {
        if (TestMount.SkipReason is { } reason) Skip = reason;
    }
}
