using Pipeline.Tests.Shared;
using Pipeline.Orchestration.Config;
using Pipeline.Orchestration.Jobs;

namespace Pipeline.Orchestration.Tests;

/// <summary>`pipeline run --dispatcher slurm` against a real Slurm cluster on this machine.</summary>
public class SlurmTests(SlurmCluster cluster) : IClassFixture<SlurmCluster>, IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("slurm-test-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [SlurmFact]
    public void AnArrayRunsTheGridAndFailuresAreResubmittedWithinTheBudget()
    {
        Assert.True(Directory.Exists(cluster.Folder));
        Directory.CreateDirectory(Path.Combine(root, "configs"));
        var file = Path.Combine(root, "slurm.yaml");
        File.WriteAllText(file, """
            name: slurm
            dataset: {kind: synthetic, image_size: 16, classes: 21, train: 4, val: 2, test: 2, seed: 1}
            model: {arch: fcn_resnet18}
            training: {epochs: 1, batch_size: 2, lr: 0.01}
            evaluation: {incorrect_keys: 1, batch_size: 2}
            grid: {methods: [shf, np], block_sizes: [4], keys: [{seed: 12345678}], baseline: true}
            slurm: {cpus_per_task: 1, gpus_per_task: 0, time_limit: "00:10:00"}
            retries: {oom: 0, crash: 1, timeout: 1}
            """);
        var experiment = ExperimentLoader.Load(file).Experiment;
        var store = new ExperimentFolder(Path.Combine(root, "results"), experiment.Name);
        var jobs = GridExpander.Expand(experiment, store.Fingerprinter()).Select(j => (j, store.Job(j.Id))).ToList();
        var broken = jobs.Single(j => j.j.Method == "shf").Item2;
        // A folder where the weights go makes every attempt of this job fail as it saves them.
        Directory.CreateDirectory(broken.Weights);

        var code = PipelineProcess.Run(TimeSpan.FromMinutes(8), out var output, "run", file, "--results", store.Path, "--dispatcher", "slurm");

        Assert.True(code == 1, output);
        Assert.Contains("round 1: submitted Slurm array", output);
        Assert.Contains("round 2: submitted Slurm array", output);
        Assert.DoesNotContain("round 3", output);
        foreach (var (job, folder) in jobs.Where(j => j.j.Method != "shf"))
        {
            Assert.True(File.Exists(folder.File(JobFolder.MetricsFile)), $"{job.Method} has no metrics:\n{output}");
            Assert.Equal(1, folder.ReadStatus()!.Attempts);
        }
        var status = broken.ReadStatus()!;
        Assert.Equal(JobState.Failed, status.State);
        Assert.Equal(FailureKind.Crash, status.FailureKind);
        Assert.Equal(2, status.Attempts);
        // Three tasks in the first array, the broken job alone in the second.
        Assert.Equal(4, Directory.GetFiles(Path.Combine(root, "results", "slurm", "slurm", "logs"), "*.out").Length);
    }
}
