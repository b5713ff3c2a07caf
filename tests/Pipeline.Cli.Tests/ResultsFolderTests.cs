using Pipeline.Orchestration.Jobs;
using Pipeline.Orchestration.Running;
using Pipeline.Tests.Shared;

namespace Pipeline.Cli.Tests;

/// <summary>
/// `pipeline run` on a results folder that already holds jobs: one configuration per folder, so that the tables never
/// average unlike models, and a refusal that says what to do before anything trains when a run would break that.
/// </summary>
public sealed class ResultsFolderTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private readonly OneExperiment one = new();

    public void Dispose() => one.Dispose();

    private string Results => one.Results;

    private string[] JobFolders() => Directory.GetDirectories(Path.Combine(Results, "jobs")).Order().ToArray();

    private (int Code, string Output) Run(string file, params string[] more)
    {
        var code = PipelineProcess.Run(Limit, out var output, ["run", file, "--results", Results, .. more]);
        return (code, output);
    }

    [Theory]
    [InlineData("training: {epochs: 2,", "training: {epochs: 1,", "training.epochs 2 there, 1 here", "exp")]
    [InlineData("seed: 1}", "seed: 2}", "dataset.seed 1 there, 2 here", "copy")]
    [InlineData("arch: fcn_resnet18", "arch: fcn_resnet34", "model.arch \"fcn_resnet18\" there, \"fcn_resnet34\" here", "copy")]
    public void AnotherConfigurationInTheFolderIsRefusedBeforeAnythingTrains(string from, string to, string difference, string file)
    {
        one.Finished();
        var before = JobFolders();
        // An edited experiment, or a copy that kept the name: either way the same results folder.
        var changed = one.File(OneExperiment.Yaml.Replace(from, to), file);

        var (code, output) = Run(changed);

        Assert.True(code == ExitCodes.BadInput, output);
        Assert.Contains($"pipeline run: {Results} holds 2 jobs of another configuration (", output);
        Assert.Contains(difference, output);
        Assert.Contains("another name: in it (results/<name>/), or --results DIR", output);
        Assert.Contains("nothing was trained", output);
        Assert.DoesNotContain("Exception", output);
        Assert.Equal(before, JobFolders());
    }

    [Fact]
    public void AnotherGridOfTheSameConfigurationIsAddedOnlyWithAddJobsAndALargerOneWithout()
    {
        one.Finished();
        var other = one.File(OneExperiment.Yaml.Replace("block_sizes: [4]", "block_sizes: [8]"));

        var (refused, refusal) = Run(other);

        Assert.True(refused == ExitCodes.BadInput, refusal);
        Assert.Contains($"{Results} holds 1 job of this configuration that this experiment does not have (shf M=4 key", refusal);
        Assert.Contains("run again with --add-jobs", refusal);
        Assert.Equal(2, JobFolders().Length);

        // A larger grid keeps every job the folder has: it only adds.
        var larger = one.File(OneExperiment.Yaml.Replace("block_sizes: [4]", "block_sizes: [4, 8]"));
        var (grown, growth) = Run(larger);
        Assert.True(grown == ExitCodes.Finished, growth);
        Assert.Contains($"adding 1 job(s) to the 2 in {Results}", growth);
        Assert.Equal(3, JobFolders().Length);

        // With the flag, a grid beside the folder's other jobs runs.
        var (added, addition) = Run(other, "--add-jobs");
        Assert.True(added == ExitCodes.Finished, addition);
    }

    [Fact]
    public void AFolderCopiedWithoutItsFingerprintSecretIsReportedButNotRun()
    {
        one.Finished();
        File.Delete(new ExperimentFolder(Results).FingerprintSecretFile);
        var file = one.File();

        var (run, runOutput) = Run(file);
        var plan = PipelineProcess.Run(Limit, out var planOutput, "plan", file, "--results", Results);
        var report = PipelineProcess.Run(Limit, out var reportOutput, "report", Results);

        foreach (var (code, output) in new[] { (run, runOutput), (plan, planOutput) })
        {
            Assert.True(code == ExitCodes.BadInput, output);
            Assert.Contains($"{Results} has jobs but no fingerprint.secret", output);
            Assert.Contains("restore the file from where the results came from", output);
        }
        Assert.Equal(2, JobFolders().Length);
        Assert.False(File.Exists(new ExperimentFolder(Results).FingerprintSecretFile));
        Assert.True(report == ExitCodes.Finished, reportOutput);
    }

    [Fact]
    public void JobsOfAnEarlierIdVersionAreNamedAndNeverTrainedAgain()
    {
        var old = EarlierVersionJob.CopyInto(Results);
        var file = one.File(EarlierVersionJob.Experiment("one"));

        var (code, output) = Run(file);
        var status = PipelineProcess.Run(Limit, out var statusOutput, "status", Results);
        var report = PipelineProcess.Run(Limit, out var reportOutput, "report", Results);

        Assert.True(code == ExitCodes.BadInput, output);
        Assert.Contains($"{Results} holds 1 job of an earlier job-id version (job.v2; this pipeline writes {JobId.Version})", output);
        Assert.Equal([old], JobFolders());
        Assert.True(status == ExitCodes.Finished, statusOutput);
        Assert.Contains("1 job(s) of an earlier job-id version (job.v2)", statusOutput);
        Assert.True(report == ExitCodes.Finished, reportOutput);
        Assert.Contains($"1 job of {Results} left out of the tables: an earlier job-id version (job.v2", reportOutput);
    }
}
