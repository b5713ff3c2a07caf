using System.Diagnostics;
using Pipeline.Orchestration.Running;
using Pipeline.Orchestration.Tests;
using Pipeline.Tests.Shared;

namespace Pipeline.Cli.Tests;

/// <summary>
/// The README's entry points, run as a user runs them: run-all.sh on Linux and run-all.ps1 (Windows' twin, here under
/// PowerShell 7, which test-all.sh installs as a .NET tool) each build the CLI, run pipeline doctor and an experiment,
/// and pass the pipeline's exit code on.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class EntryPointScriptTests : IDisposable
{
    private readonly TempProject project = new();

    public void Dispose() => project.Dispose();

    private static string Repository([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

    private const string OneJob = """
        name: one
        dataset: {kind: synthetic, image_size: 16, classes: 3, train: 4, val: 2, test: 2}
        model: small
        training: {epochs: 1, batch_size: 2, lr: 0.01}
        evaluation: {incorrect_keys: 1, batch_size: 2}
        grid: {baseline: true}
        """;

    [Fact]
    public void RunAllShBuildsChecksAndRunsAnExperiment() => RunsAnExperiment("/bin/bash", "run-all.sh");

    [PowerShellFact]
    public void RunAllPs1BuildsChecksAndRunsAnExperiment() => RunsAnExperiment(PowerShellFactAttribute.Pwsh!, "run-all.ps1");

    private void RunsAnExperiment(string shell, string script)
    {
        var experiment = project.WriteExperiment(OneJob);

        var (code, output) = Run(shell, script, experiment, "--results", project.Path("results/one"));

        Assert.True(code == ExitCodes.Finished, output);
        Assert.Contains("TorchSharp   0.107.0", output);                 // pipeline doctor ran
        Assert.Contains("1 finished, 0 failed, 0 not finished", output);
        Assert.Contains($"report: {project.Path("results/one/report.html")}", output);

        var (missing, refusal) = Run(shell, script, project.Path("experiments/none.yaml"));
        Assert.True(missing == ExitCodes.BadInput, refusal);
        Assert.Contains("the experiment file does not exist", refusal);
    }

    private static (int Code, string Output) Run(string shell, string script, params string[] args)
    {
        var start = new ProcessStartInfo(shell) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(Repository(), script));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["CI"] = "true";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }
}

/// <summary>A fact that needs PowerShell 7 (pwsh), which test-all.sh installs as a .NET tool; skipped with the reason where it is missing.</summary>
public sealed class PowerShellFactAttribute : FactAttribute
{
    /// <summary>pwsh on the PATH or where `dotnet tool install --global` puts it; null when neither has it.</summary>
    public static readonly string? Pwsh = Find();

    public PowerShellFactAttribute()
    {
        if (Pwsh is null) Skip = "pwsh is not installed (dotnet tool install --global PowerShell --version 7.6.10; test-all.sh does it)";
    }

    private static string? Find()
    {
        var name = OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh";
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Append(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools"));
        return folders.Select(f => Path.Combine(f, name)).FirstOrDefault(File.Exists);
    }
}
