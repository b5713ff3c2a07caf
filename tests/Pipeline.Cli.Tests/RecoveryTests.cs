using Pipeline.Method.Data;
using Pipeline.Orchestration.Jobs;
using Pipeline.Orchestration.Running;
using Pipeline.Orchestration.Tests;
using Pipeline.Tests.Shared;

namespace Pipeline.Cli.Tests;

/// <summary>
/// Failures of the machine rather than of a job (no such device, a full or read-only disk, no Slurm client, a read-only
/// dataset), each met for real: one line saying what to fix, an exit code, and no retry budget spent; and a failed
/// job's fresh budget.
/// </summary>
public sealed class RecoveryTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private readonly OneExperiment one = new();

    public void Dispose() => one.Dispose();

    private string Results => one.Results;

    private static void AssertOneLineWithoutTrace(string output)
    {
        Assert.DoesNotContain("Exception", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Theory]
    [InlineData("--devices", "cuda", "--devices: cuda:0 is not available")]
    [InlineData(null, null, "devices in {0}: cuda:1 is not available")]
    public void ACudaDeviceThisBuildLacksIsRefusedBeforeAnyJobStarts(string? option, string? value, string message)
    {
        var file = one.File(OneExperiment.Yaml + "\ndevices: [cuda:1]");

        var code = PipelineProcess.Run(Limit, out var output, ["run", file, "--results", Results, .. option is null ? Array.Empty<string>() : [option, value!]]);

        Assert.True(code == ExitCodes.BadInput, output);
        Assert.Contains(string.Format(message, file), output);
        Assert.Contains("this build's libtorch (TorchSharp-cpu", output);
        Assert.Contains("--devices cpu", output);
        AssertOneLineWithoutTrace(output);
        Assert.False(Directory.Exists(Path.Combine(Results, "jobs")), "no job may start");
    }

    [Fact]
    public void AJobWhoseDeviceCannotBeUsedSpendsNoRetryAndSaysWhatToFix()
    {
        var (_, folder) = one.Saved()[0];

        var code = PipelineProcess.Run(Limit, out var output, "job", folder.Path, "--device", "cuda");

        Assert.True(code == ExitCodes.Unavailable, output);
        var status = folder.ReadStatus()!;
        Assert.Equal(JobState.Pending, status.State);
        Assert.Equal(FailureKind.Device, status.FailureKind);
        Assert.Empty(status.Failures);
        Assert.Contains("the device cannot be used", status.Message);
        Assert.Contains("pipeline doctor", status.Message);
        AssertOneLineWithoutTrace(output);
        // The trace is in the attempt's log, for whoever looks.
        Assert.Contains("   at ", File.ReadAllText(Path.Combine(folder.File(JobFolder.LogsFolder), "attempt-1.log")));
    }

    [MountFact]
    public void AFullDiskSpendsNoRetryAndSaysWhatToFix()
    {
        using var disk = TestMount.Tmpfs(1024);
        var results = Path.Combine(disk.Path, "one");
        var file = one.File(OneExperiment.Yaml.Replace("keys: [{seed: 3}], baseline: true", "keys: [{seed: 3}]"));

        var code = PipelineProcess.Run(Limit, out var output, "run", file, "--results", results);

        Assert.True(code == ExitCodes.Failed, output);
        Assert.Contains("stopped, not counted against its retries: the disk is full", output);
        Assert.Contains("free space there and run again", output);
        Assert.DoesNotContain("failed for good", output);
        var folder = new ExperimentFolder(results).Jobs().Single();
        var status = folder.ReadStatus()!;
        Assert.Equal((JobState.Pending, FailureKind.Storage), (status.State, status.FailureKind));
        Assert.Empty(status.Failures);
        Assert.Equal(1, status.Attempts);
    }

    [Fact]
    public void AJobThatFailedForGoodGetsAFreshBudgetWithRetryFailed()
    {
        var jobs = one.Saved();
        var (failed, folder) = jobs.Single(j => j.Job is not BaselineJob);
        foreach (var (job, other) in jobs.Where(j => j.Job is BaselineJob)) other.WriteMetrics(TinyMetrics.For(job));
        folder.WriteStatus(new JobStatus
        {
            State = JobState.Failed, Attempts = 3, FailureKind = FailureKind.Crash, Message = "boom", Failures = new() { ["crash"] = 3 },
        });
        var file = one.File(OneExperiment.Yaml);

        var stuck = PipelineProcess.Run(Limit, out var stuckOutput, "run", file, "--results", Results);
        var retried = PipelineProcess.Run(Limit, out var retriedOutput, "run", file, "--results", Results, "--retry-failed");

        Assert.True(stuck == ExitCodes.Failed, stuckOutput);
        Assert.Contains($"job {failed.Id} ({failed.Label}) failed for good: boom; `pipeline run --retry-failed` gives it a fresh retry budget", stuckOutput);
        Assert.True(retried == ExitCodes.Finished, retriedOutput);
        Assert.Contains("it gets a fresh retry budget (--retry-failed)", retriedOutput);
        Assert.True(folder.IsFinished);
        Assert.Equal(4, folder.ReadStatus()!.Attempts);
    }

    private string VocExperiment(string path) => OneExperiment.Yaml.Replace(
        "dataset: {kind: synthetic, image_size: 16, classes: 3, train: 4, val: 2, test: 2, seed: 1}",
        $"dataset: {{kind: voc, path: {path}, image_size: 16}}").Replace("methods: [shf], block_sizes: [4], keys: [{seed: 3}], ", "");

    private string WriteVoc()
    {
        var voc = one.Project.Path("voc");
        using (var set = SyntheticVoc.Generate(new SyntheticVocOptions { ImageSize = 16, Train = 6, Validation = 2, Test = 2, Seed = 4 }))
            VocWriter.Write(set, voc);
        return voc;
    }

    private static string[] Files(string folder) => Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories).Order().ToArray();

    [Fact]
    public void ADatasetIsReadButNeverWrittenItsCacheIsTheUsers()
    {
        var voc = WriteVoc();
        var before = Files(voc);
        var cache = one.Project.Path("cache");

        var code = PipelineProcess.Run(Limit, out var output, new Dictionary<string, string?> { ["PIPELINE_CACHE"] = cache },
                                       "run", one.File(VocExperiment(voc)), "--results", Results);

        Assert.True(code == ExitCodes.Finished, output);
        Assert.Equal(before, Files(voc));
        Assert.Single(Directory.GetFiles(cache, "voc-*.safetensors"));
    }

    [MountFact]
    public void AReadOnlyDatasetRuns()
    {
        using var shared = TestMount.ReadOnly(WriteVoc());

        var code = PipelineProcess.Run(Limit, out var output, new Dictionary<string, string?> { ["PIPELINE_CACHE"] = one.Project.Path("cache") },
                                       "run", one.File(VocExperiment(shared.Path)), "--results", Results);

        Assert.True(code == ExitCodes.Finished, output);
    }

    [MountFact]
    public void ARunOnAReadOnlyResultsFolderIsOneLineAndExit2()
    {
        using var readOnly = TestMount.ReadOnly(Directory.CreateDirectory(one.Project.Path("empty")).FullName);

        var code = PipelineProcess.Run(Limit, out var output, "run", one.File(OneExperiment.Yaml), "--results", readOnly.Path);

        Assert.True(code == ExitCodes.BadInput, output);
        Assert.Contains($"pipeline run: cannot write to the results folder {readOnly.Path} (", output);
        Assert.Contains("give a folder you can write with --results DIR", output);
        AssertOneLineWithoutTrace(output);
    }

    [Fact]
    public void SlurmWithoutItsClientIsOneLineAndExit2()
    {
        // PATH holds dotnet's own folder only: no sbatch.
        var dotnet = Path.GetDirectoryName(Environment.ProcessPath!)!;

        var code = PipelineProcess.Run(Limit, out var output, new Dictionary<string, string?> { ["PATH"] = dotnet },
                                       "run", one.File(OneExperiment.Yaml), "--results", Results, "--dispatcher", "slurm");

        Assert.True(code == ExitCodes.BadInput, output);
        Assert.Contains("pipeline run: --dispatcher slurm: sbatch is not on PATH", output);
        AssertOneLineWithoutTrace(output);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void AnUnexpectedErrorIsOneLineAndItsTraceGoesToTheRunsLog()
    {
        // A folder where run.json goes: nothing expects that.
        Directory.CreateDirectory(Path.Combine(Results, "run.json"));

        var code = PipelineProcess.Run(Limit, out var output, "run", one.File(OneExperiment.Yaml), "--results", Results);

        var log = Path.Combine(Results, "run.log");
        Assert.True(code == ExitCodes.Internal, output);
        Assert.Matches(@"pipeline run: unexpected error: \w+Exception: .*; the details are in " + System.Text.RegularExpressions.Regex.Escape(log), output);
        Assert.DoesNotContain("   at ", output);
        Assert.Contains("   at ", File.ReadAllText(log));
    }
}
