using Pipeline.TorchExtensions;
using Pipeline.Orchestration.Config;
using Pipeline.Orchestration.Jobs;

namespace Pipeline.Orchestration.Tests;

/// <summary>
/// <c>--set FIELD=VALUE</c>: an override is read exactly as the same value written in the experiment would be, wherever
/// the field lives (the experiment, a block it names, a section it leaves out), and every mistake names the override.
/// </summary>
public sealed class ConfigOverrideTests : IDisposable
{
    private readonly TempProject project = new();

    public void Dispose() => project.Dispose();

    private LoadedExperiment Load(string experiment, params string[] overrides) => ExperimentLoader.Load(project.WriteExperiment(experiment), overrides);

    private string[] Ids(string experiment, params string[] overrides) =>
        GridExpander.Expand(Load(experiment, overrides).Experiment, TempProject.Fingerprints).Select(j => j.Id).ToArray();

    private string[] Errors(params string[] overrides)
    {
        var file = project.WriteExperiment();
        return Assert.Throws<ConfigException>(() => ExperimentLoader.Load(file, overrides)).Errors.Select(e => e.ToString()).ToArray();
    }

    [Theory]
    [InlineData("training: short", "training: {use: short, epochs: 1}", "training.epochs=1")]
    [InlineData("dataset: tiny", "dataset: {use: tiny, image_size: 64, train: 3}", "dataset.image_size=64", "dataset.train=3")]
    [InlineData("training: short", "training: {use: short, accumulate: auto, precision: bf16}", "training.accumulate=auto", "training.precision=bf16")]
    [InlineData("block_sizes: [2, 4, 8]", "block_sizes: [2, 4]", "grid.block_sizes=[2, 4]")]
    [InlineData("evaluation: few", "evaluation: {incorrect_keys: 5}", "evaluation.incorrect_keys=5")]
    [InlineData("baseline: true", "baseline: false", "grid.baseline=false")]
    public void AnOverrideGivesTheJobsOfTheSameValueWrittenInTheFile(string from, string to, params string[] overrides)
    {
        var written = Ids(TempProject.Edit(from, to));

        Assert.Equal(written, Ids(TempProject.Experiment, overrides));
        Assert.NotEqual(Ids(TempProject.Experiment), written);
        Assert.Equal(overrides, Load(TempProject.Experiment, overrides).Overrides);
    }

    [Fact]
    public void AnOverrideReplacesAFieldTheFileOverridesInlineAndAWholeBlock()
    {
        project.Write("configs/training/long.yaml", "epochs: 9\nbatch_size: 2\nlr: 0.5\n");
        var inline = TempProject.Edit("training: short", "training: {use: short, epochs: 4}");

        Assert.Equal(7, Load(inline, "training.epochs=7").Experiment.Training.Epochs);
        var recipe = Load(TempProject.Experiment, "training=long", "training.lr=0.25").Experiment.Training;
        Assert.Equal((9, 2, 0.25), (recipe.Epochs, recipe.BatchSize, recipe.Lr));
    }

    [Fact]
    public void AnOverrideFillsInASectionTheFileLeavesOutAndTopLevelFields()
    {
        var experiment = Load(TempProject.Experiment, "slurm.partition=gpu", "slurm.cpus_per_task=4", "devices=[cuda:0, cuda:1]", "cpu_jobs=2", "name=renamed").Experiment;

        Assert.Equal(("gpu", 4), (experiment.Slurm.Partition, experiment.Slurm.CpusPerTask));
        Assert.Equal([DeviceId.CUDA(0), DeviceId.CUDA(1)], experiment.Devices);
        Assert.Equal((2, "renamed"), (experiment.CpuJobs, experiment.Name));
    }

    [Fact]
    public void AnEmptyValueLeavesTheFieldOutSoItsDefaultApplies()
    {
        var edited = TempProject.Edit("training: short", "training: {use: short, momentum: 0.5}");

        Assert.Equal(0.9, Load(edited, "training.momentum=").Experiment.Training.Momentum);
    }

    [Fact]
    public void AKeyFileIsNeverChangedByAnOverride()
    {
        TempProject.SetMode(project.Write("keys.yaml", "alice: 11\n"), TempProject.OwnerOnly);
        var named = TempProject.Edit("    - seed: 11\n    - seed: 22", "    - name: alice").Replace("baseline: true", "baseline: true\n  key_file: keys.yaml");

        // A top-level override must not become a "key" named name in the key file.
        Assert.Single(Load(named, "name=other").Experiment.Grid.Keys);
    }

    [Theory]
    [InlineData("training.epochs=abc", "--set training.epochs=abc: training.epochs: expected an integer, found 'abc'; allowed: an integer from 1 to 100000")]
    [InlineData("training.epochs=0", "--set training.epochs=0: training.epochs: 0 is out of range; allowed: an integer from 1 to 100000")]
    [InlineData("training.epocs=2", "--set training.epocs=2: training.epocs: unknown field 'epocs' (did you mean 'epochs'?); allowed: accumulate, batch_size, ")]
    [InlineData("training.precision=fp16", "--set training.precision=fp16: training.precision: unknown precision 'fp16'")]
    [InlineData("grid.block_sizes=[3]", "--set grid.block_sizes=[3]: grid.block_sizes[0]: block size 3 does not divide the image size 32")]
    [InlineData("grid.block_sizes.first=2", "--set grid.block_sizes.first=2: grid.block_sizes.first: grid.block_sizes.first is not a field of this experiment")]
    [InlineData("name.first=x", "--set name.first=x: name.first: name.first is not a field of this experiment")]
    [InlineData("gird.baseline=true", "--set gird.baseline=true: gird: unknown field 'gird' (did you mean 'grid'?)")]
    [InlineData("training.epochs", "--set training.epochs: training.epochs: expected FIELD=VALUE")]
    [InlineData("training..epochs=1", "--set training..epochs=1: training..epochs: expected FIELD=VALUE")]
    [InlineData("grid.block_sizes=[2, 4", "--set grid.block_sizes=[2, 4: grid.block_sizes: the value is not YAML")]
    [InlineData("grid.keys=[{seed: 5}]", "--set grid.keys=[{seed: 5}]: grid.keys: keys are not taken from the command line")]
    [InlineData("grid.keys.seed=5", "--set grid.keys.seed=5: grid.keys.seed: keys are not taken from the command line")]
    public void AWrongOverrideIsAnErrorThatNamesIt(string given, string expected)
    {
        var errors = Errors(given);

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
        Assert.All(errors, e => Assert.StartsWith($"--set {given}: ", e));
    }

    [Fact]
    public void AFieldGivenTwiceIsAnError() =>
        Assert.Contains("--set training.epochs=3: training.epochs: given twice (also --set training.epochs=2); give each field once",
                        Errors("training.epochs=2", "training.epochs=3"));

    [Fact]
    public void ErrorsInTheFileAndInOverridesAreReportedTogether()
    {
        var file = project.WriteExperiment(TempProject.Edit("evaluation: few", "evaluation: {incorrect_keys: -1}"));

        var errors = Assert.Throws<ConfigException>(() => ExperimentLoader.Load(file, ["training.lr=x"])).Errors.Select(e => e.ToString()).ToArray();

        Assert.Equal(2, errors.Length);
        Assert.Contains(errors, e => e.StartsWith($"{file}:5:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--set training.lr=x: training.lr: expected a number", StringComparison.Ordinal));
    }
}
