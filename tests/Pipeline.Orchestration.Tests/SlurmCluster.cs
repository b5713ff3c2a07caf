using System.Diagnostics;

namespace Pipeline.Orchestration.Tests;

/// <summary>
/// A real one-node Slurm cluster (Debian's slurm-wlm and munge) started for the Slurm tests by
/// scripts/slurm/start-slurm.sh and stopped afterwards. Needs root; without it the tests are skipped.
/// </summary>
public sealed class SlurmCluster : IDisposable
{
    private readonly string scripts = "";

    public SlurmCluster()
    {
        if (SkipReason is not null) return;
        scripts = Path.Combine(RepositoryRoot(), "scripts", "slurm");
        Folder = Path.Combine(Path.GetTempPath(), $"pipeline-slurm-{Environment.ProcessId}");
        Environment.SetEnvironmentVariable("SLURM_CONF", Path.Combine(Folder, "etc", "slurm.conf"));
        Run("start-slurm.sh");
    }

    public string Folder { get; } = "";

    public static string? SkipReason =>
        OperatingSystem.IsWindows() ? "Slurm runs on Linux only"
        : Environment.UserName != "root" ? "starting a Slurm cluster needs root (CI runs as root)"
        : null;

    public void Dispose()
    {
        if (SkipReason is null) Run("stop-slurm.sh");
    }

    private void Run(string script)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(scripts, script));
        start.Environment["SLURM_DIR"] = Folder;
        start.Environment["FAKE_GPUS"] = "0";
        start.Environment["ETC_LINK"] = "0";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{script} failed: {output.Result}\n{error.Result}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Pipeline.sln not found above the test binaries");
    }
}

public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (SlurmCluster.SkipReason is { } reason) Skip = reason;
    }
}
