using Pipeline.TorchExtensions;
using Pipeline.Method.Data;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Models;
using Pipeline.Method.Training;
using Pipeline.Method.Transforms;
using Pipeline.Method.Keys;
using Pipeline.Orchestration.Config;
using Pipeline.Orchestration.Jobs;

namespace Pipeline.Orchestration.Tests;

public sealed class GridExpansionTests : IDisposable
{
    private readonly TempProject project = new();

    public void Dispose() => project.Dispose();

    [Fact]
    public void ExpandsMethodsTimesBlockSizesTimesKeysPlusBaseline()
    {
        var jobs = GridExpander.Expand(project.Load().Experiment, TempProject.Fingerprints);

        Assert.Equal(3 * 3 * 2 + 1, jobs.Count);
        Assert.Equal(jobs.Count, jobs.Select(j => j.Id).Distinct().Count());
        var baseline = Assert.Single(jobs, j => j is BaselineJob);
        Assert.Equal(ProtectionMethod.Baseline, baseline.Method);
        Assert.Null(JobRecord.Of(baseline).BlockSize);
        Assert.Null(baseline.Keyed()?.Key);
        Assert.Null(JobRecord.Of(baseline).KeyFingerprint);
        Assert.Null(JobRecord.Of(baseline).Password);
        foreach (var method in new[] { "shf", "np", "ffx" })
        foreach (var m in new[] { 2, 4, 8 })
        foreach (var seed in new long[] { 11, 22 })
        {
            var job = Assert.Single(jobs, j => j.Method == method && j.Keyed()?.BlockSize == m && j.Keyed()?.Key?.Seed == seed).Keyed()!;
            Assert.Equal(TempProject.Fingerprints.Of(new SecretKey(seed)), job.KeyFingerprint);
            // Only FFX uses the password, so only FFX jobs carry it (and hash it into their id).
            Assert.Equal(method == "ffx" ? "password" : null, job.Password);
        }
    }

    [Fact]
    public void FmpRunsOncePerKeyWithItsFeatureMapsAndNoBlockSize()
    {
        var jobs = GridExpander.Expand(project.Load(TempProject.Experiment.Replace("methods: [shf, np, ffx]", "methods: [shf, fmp]")
            .Replace("baseline: true", "baseline: true\n  feature_maps: [layer2, stem]")).Experiment, TempProject.Fingerprints);

        var fmp = jobs.Where(j => j.Method == "fmp").ToList();
        Assert.Equal(2, fmp.Count);
        Assert.All(fmp, j => Assert.Null(j.Keyed()!.BlockSize));
        // Network order, whatever the order written: the first permuted stage takes the key's own permutation.
        Assert.All(fmp, j => Assert.Equal(["stem", "layer2"], j.Keyed()!.FeatureMaps!));
        Assert.All(fmp, j => Assert.Equal($"fmp key {j.Keyed()!.KeyFingerprint}", j.Label));
        Assert.All(jobs.Where(j => j.Method == "shf"), j => Assert.Null(j.Keyed()!.FeatureMaps));
        Assert.Equal(3 * 2 + 2 + 1, jobs.Count);
        // The feature maps are part of what the job is.
        var other = GridExpander.Expand(project.Load(TempProject.Experiment.Replace("methods: [shf, np, ffx]", "methods: [fmp]")).Experiment, TempProject.Fingerprints);
        Assert.Empty(other.Select(j => j.Id).Intersect(fmp.Select(j => j.Id)));
    }

    [Fact]
    public void JobsCarryTheResolvedSettings()
    {
        var job = GridExpander.Expand(project.Load().Experiment, TempProject.Fingerprints).First(j => j is not BaselineJob);

        Assert.Equal(new DatasetSettings { Kind = DatasetKind.Synthetic, ImageSize = 32, Classes = 21, Train = 4, Val = 2, Test = 2, Seed = 0 }, job.Dataset);
        Assert.Equal(new ModelSettings { Arch = "fcn_resnet18", AuxHead = false }, job.Model);
        Assert.Equal(new TrainingRecipe
        {
            Epochs = 2, BatchSize = 4, Lr = 0.01, Momentum = 0.9, WeightDecay = 0, RestartEpochs = 2, MinLr = 0, Seed = 0,
            Precision = Precision.Fp32, ChannelsLast = false, Accumulate = GradientAccumulation.None,
        }, job.Training);
        Assert.Equal(new EvaluationSettings { IncorrectKeys = 2, BatchSize = 64 }, job.Evaluation);
        Assert.Equal(project.Root, job.ProjectRoot);
    }

    [Fact]
    public void WithoutBaselineThereIsNoBaselineJob()
    {
        var jobs = GridExpander.Expand(project.Load(TempProject.Experiment.Replace("baseline: true", "baseline: false")).Experiment, TempProject.Fingerprints);

        Assert.Equal(18, jobs.Count);
        Assert.DoesNotContain(jobs, j => j is BaselineJob);
    }

    [Fact]
    public void BaselineOnlyGridNeedsNoBlockSizesOrKeys()
    {
        var jobs = GridExpander.Expand(project.Load("""
            dataset: tiny
            model: small
            training: short
            grid:
              baseline: true
            """).Experiment, TempProject.Fingerprints);

        Assert.Equal("baseline", Assert.Single(jobs).Method);
    }

    [Fact]
    public void InlineOverridesReplaceBlockFields()
    {
        var experiment = project.Load(TempProject.Experiment
            .Replace("training: short", "training: {use: short, lr: 0.5, accumulate: auto}")
            .Replace("dataset: tiny", "dataset:\n  use: tiny\n  image_size: 64")).Experiment;

        Assert.Equal(0.5, experiment.Training.Lr);
        Assert.True(experiment.Training.Accumulate.IsAuto);
        Assert.Equal(2, experiment.Training.Epochs);
        Assert.Equal(64, experiment.Dataset.ImageSize);
        Assert.Equal(4, experiment.Dataset.Train);
    }

    [Fact]
    public void DevicesSlurmAndRetriesAreRead()
    {
        var experiment = project.Load(TempProject.Experiment + """

            devices: [cuda:0, cuda:1]
            cpu_jobs: 3
            slurm: {partition: gpu, account: lab, gpus_per_task: 2, cpus_per_task: 16, time_limit: "36:00:00", extra: [--qos=high]}
            retries: {oom: 0, crash: 5}
            """).Experiment;

        Assert.Equal([DeviceId.CUDA(0), DeviceId.CUDA(1)], experiment.Devices);
        Assert.Equal(3, experiment.CpuJobs);
        Assert.Equal(["--qos=high"], experiment.Slurm.Extra);
        Assert.Equal(new SlurmSpec { Partition = "gpu", Account = "lab", GpusPerTask = 2, CpusPerTask = 16, TimeLimit = "36:00:00", Extra = experiment.Slurm.Extra },
            experiment.Slurm);
        Assert.Equal((0, 5, 3), (experiment.Retries.For(FailureKind.Oom), experiment.Retries.For(FailureKind.Crash), experiment.Retries.For(FailureKind.Timeout)));
    }

    [Fact]
    public void DefaultsFillWhatTheExperimentLeavesOut()
    {
        var experiment = project.Load(TempProject.Experiment.Replace("evaluation: few\n", "")).Experiment;

        Assert.Equal(100, experiment.Evaluation.IncorrectKeys);
        Assert.Equal([DeviceId.CPU], experiment.Devices);
        Assert.Equal(1, experiment.CpuJobs);
        Assert.Equal(RetryPolicy.Default, experiment.Retries);
        Assert.Equal(SlurmSpec.Default.TimeLimit, experiment.Slurm.TimeLimit);
        Assert.Equal("t", experiment.Name);
    }
}
