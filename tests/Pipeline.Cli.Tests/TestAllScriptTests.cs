using System.Diagnostics;

namespace Pipeline.Cli.Tests;

/// <summary>test-all.sh, which CI calls, ends with its summary line however it ends.</summary>
public sealed class TestAllScriptTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("test-all-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The repository's root, above the test's output folder.</summary>
    public static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "test-all.sh")) && File.Exists(Path.Combine(dir.FullName, "README.md"))) return dir.FullName;
        throw new InvalidOperationException($"no repository above {AppContext.BaseDirectory}");
    }

    [Fact]
    public void AFailedInstallStillEndsWithTheSummaryLine()
    {
        // The real script beside an installer that fails as apt-get does without a network.
        File.Copy(Path.Combine(Repository(), "test-all.sh"), Path.Combine(folder, "test-all.sh"));
        Directory.CreateDirectory(Path.Combine(folder, "scripts"));
        File.WriteAllText(Path.Combine(folder, "scripts", "install-deps.sh"), "echo 'E: Unable to fetch some archives' >&2\nexit 1\n");
        var start = new ProcessStartInfo("bash", [Path.Combine(folder, "test-all.sh")]) { RedirectStandardOutput = true, RedirectStandardError = true };

        using var script = Process.Start(start)!;
        var output = script.StandardOutput.ReadToEnd();
        script.WaitForExit();

        Assert.NotEqual(0, script.ExitCode);
        Assert.Equal("0 passed, 1 failed", output.TrimEnd().Split('\n')[^1]);
    }
}
