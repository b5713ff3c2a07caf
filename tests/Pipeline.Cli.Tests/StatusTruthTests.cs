using Pipeline.Orchestration.Jobs;
using Pipeline.Orchestration.Running;
using Pipeline.Tests.Shared;

namespace Pipeline.Cli.Tests;

/// <summary>
/// What `status`, `plan` and `run` say of a results folder is what is there: planned jobs before any ran, a job whose
/// process died, and a damaged status.json or metrics.json, named with what to do, never a stack trace.
/// </summary>
public sealed class StatusTruthTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly OneExperiment one = new();

    public void Dispose() => one.Dispose();

    private string Results => one.Results;

    private string File => one.File();

    private (int Code, string Output) Pipeline(params string[] args)
    {
        var code = PipelineProcess.Run(Limit, out var output, args);
        return (code, output);
    }

    [Fact]
    public void StatusAfterPlanListsThePlannedJobs()
    {
        var file = File;
        Assert.Equal(ExitCodes.Finished, Pipeline("plan", file, "--results", Results).Code);

        var (code, output) = Pipeline("status", file, "--results", Results);

        Assert.True(code == ExitCodes.Finished, output);
        Assert.Contains("2 jobs (2 pending)", output);
        Assert.Equal(2, output.Split('\n').Count(l => l.Contains("planned; not run yet")));
        Assert.DoesNotContain("Could not find", output);
        // The folder alone holds no job yet: it says where the planned jobs are listed, not that it is no results folder.
        var (folderCode, folderOutput) = Pipeline("status", Results);
        Assert.True(folderCode == ExitCodes.Finished, folderOutput);
        Assert.Contains($"no job has run in {Results} yet; `pipeline status EXPERIMENT.yaml`", folderOutput);
    }

    [Fact]
    public void AJobWhoseProcessDiedIsStoppedNotRunning()
    {
        var (job, folder) = one.Finished().Single(j => j.Job is not BaselineJob);
        System.IO.File.Delete(folder.File(JobFolder.MetricsFile));
        // As a kill -9 leaves it: status.json says running, and no process holds the lease.
        folder.WriteStatus(new JobStatus { State = JobState.Running, Attempts = 1, Owner = "gone:1" });
        System.IO.File.WriteAllText(folder.File(JobFolder.LeaseFile), "gone:1\n");

        var (status, statusOutput) = Pipeline("status", File, "--results", Results);
        var (plan, planOutput) = Pipeline("plan", File, "--results", Results);

        Assert.True(status == ExitCodes.Finished, statusOutput);
        var row = statusOutput.Split('\n').Single(l => l.StartsWith(job.Id, StringComparison.Ordinal));
        Assert.Contains(" stopped ", row);
        Assert.Contains("its process died; `pipeline run` resumes it from its checkpoint", row);
        Assert.Contains("1 finished, 1 stopped", statusOutput);
        Assert.True(plan == ExitCodes.Finished, planOutput);
        Assert.EndsWith(" stopped", planOutput.Split('\n').Single(l => l.StartsWith(job.Id, StringComparison.Ordinal)).TrimEnd());
    }

    [Fact]
    public void AFinishedJobWhoseMetricsWereDeletedIsPendingAsTheNextRunTreatsIt()
    {
        var (job, folder) = one.Finished().Single(j => j.Job is not BaselineJob);
        // What the troubleshooting section says to do with a damaged metrics.json.
        System.IO.File.Delete(folder.File(JobFolder.MetricsFile));

        var (status, statusOutput) = Pipeline("status", File, "--results", Results);
        var (plan, planOutput) = Pipeline("plan", File, "--results", Results);

        Assert.True(status == ExitCodes.Finished, statusOutput);
        var row = statusOutput.Split('\n').Single(l => l.StartsWith(job.Id, StringComparison.Ordinal));
        Assert.Contains(" pending ", row);
        Assert.Contains("its metrics.json is gone; `pipeline run` trains it again", row);
        Assert.Contains("1 pending, 1 finished", statusOutput);
        Assert.True(plan == ExitCodes.Finished, planOutput);
        Assert.EndsWith(" pending", planOutput.Split('\n').Single(l => l.StartsWith(job.Id, StringComparison.Ordinal)).TrimEnd());
    }

    [Fact]
    public void ADamagedJobYamlIsNamedWithWhatToDoAndARunWritesItAgain()
    {
        var (job, folder) = one.Finished().Single(j => j.Job is not BaselineJob);
        var damaged = folder.File(JobFolder.JobFile);
        System.IO.File.WriteAllText(damaged, "method: [shf");

        var (status, statusOutput) = Pipeline("status", Results);
        var (run, runOutput) = Pipeline("run", File, "--results", Results);

        Assert.True(status == ExitCodes.Finished, statusOutput);
        Assert.Contains($"{damaged} is not a job (", statusOutput);
        Assert.Contains("`pipeline run` of its experiment writes it again (the job's results are kept)", statusOutput);
        Assert.DoesNotContain("   at ", statusOutput);
        Assert.True(run == ExitCodes.Finished, runOutput);
        Assert.Equal(job.Id, folder.ReadJobWithoutKey().Id);
        Assert.True(folder.IsFinished);
    }

    [Theory]
    [InlineData(JobFolder.StatusFile, "{ \"state\": ", "delete it: the job keeps its results and checkpoint, and its retry count starts again")]
    [InlineData(JobFolder.MetricsFile, "{\"schema\": 1, \"job_id\": \"", "delete it and run the experiment again: the job trains again")]
    public void ADamagedFileIsNamedWithWhatToDoByStatusRunAndJob(string file, string truncated, string fix)
    {
        var (job, folder) = one.Finished().Single(j => j.Job is not BaselineJob);
        var damaged = folder.File(file);
        System.IO.File.WriteAllText(damaged, truncated);

        var (status, statusOutput) = Pipeline("status", File, "--results", Results);
        var (run, runOutput) = Pipeline("run", File, "--results", Results);

        Assert.True(status == ExitCodes.Finished, statusOutput);
        var row = statusOutput.Split('\n').Single(l => l.StartsWith(job.Id, StringComparison.Ordinal));
        Assert.Contains(" damaged ", row);
        Assert.Contains($"{damaged} is damaged", row);
        Assert.Contains(fix, row);
        Assert.Contains("1 finished, 1 damaged", statusOutput);
        Assert.True(run == ExitCodes.BadInput, runOutput);
        Assert.Contains($"pipeline run: {damaged} is damaged", runOutput);
        Assert.Contains(fix, runOutput);
        foreach (var output in new[] { statusOutput, runOutput })
        {
            Assert.DoesNotContain("Exception", output);
            Assert.DoesNotContain("   at ", output);
        }
    }
}
