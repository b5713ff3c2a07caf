using Pipeline.Orchestration.Config;
using Pipeline.Orchestration.Jobs;

namespace Pipeline.Orchestration.Tests;

/// <summary>Each validation error, exactly as printed: file:line:column: path: message.</summary>
public sealed class ValidationTests : IDisposable
{
    private readonly TempProject project = new();

    public void Dispose() => project.Dispose();

    [Fact]
    public void UnknownFieldInAnOverrideSuggestsTheClosestName() => Assert.Equal(
        $"{project.ExperimentFile}:4:24: training.epoch: unknown field 'epoch' (did you mean 'epochs'?); allowed: accumulate, batch_size, "
        + "channels_last, checkpoint_minutes, epochs, lr, min_lr, momentum, precision, restart_epochs, seed, weight_decay",
        project.Error(TempProject.Edit("training: short", "training: {use: short, epoch: 5}")));

    [Fact]
    public void AnUnknownFeatureMapListsTheStages() => Assert.Equal(
        $"{project.ExperimentFile}:13:18: grid.feature_maps[0]: unknown feature map 'layer5' (did you mean 'layer1'?); allowed: stem, layer1, layer2, layer3, layer4",
        project.Error(TempProject.Edit("baseline: true", "baseline: true\n  feature_maps: [layer5]")));

    [Fact]
    public void FmpAloneNeedsNoBlockSizes() =>
        Assert.Equal(2, GridExpander.Expand(project.Load(TempProject.Edit("methods: [shf, np, ffx]", "methods: [fmp]").Replace("  block_sizes: [2, 4, 8]\n", "")).Experiment,
                                            TempProject.Fingerprints).Count(j => j.Method == "fmp"));

    [Fact]
    public void UnknownFieldInABlockFileNamesTheBlockFile()
    {
        var block = project.Write("configs/model/small.yaml", "arch: fcn_resnet18\nauxhead: true\n");

        Assert.Equal($"{block}:2:1: model.auxhead: unknown field 'auxhead' (did you mean 'aux_head'?); allowed: arch, aux_head, backbone_weights, pretrained",
            project.Error(TempProject.Experiment));
    }

    [Fact]
    public void UnknownTopLevelField() => Assert.Equal(
        $"{project.ExperimentFile}:13:1: device: unknown field 'device' (did you mean 'devices'?); allowed: attacks, cpu_jobs, dataset, devices, evaluation, grid, model, name, retries, slurm, training",
        project.Error(TempProject.Experiment + "\ndevice: [cpu]"));

    [Fact]
    public void NotAnInteger()
    {
        var block = project.Write("configs/training/short.yaml", "epochs: many\nbatch_size: 4\nlr: 0.01\n");

        Assert.Equal($"{block}:1:9: training.epochs: expected an integer, found 'many'; allowed: an integer from 1 to 100000",
            project.Error(TempProject.Experiment));
    }

    [Fact]
    public void CpuJobsMustBePositive() => Assert.Equal(
        $"{project.ExperimentFile}:13:11: cpu_jobs: 0 is out of range; allowed: an integer from 1 to 256",
        project.Error(TempProject.Experiment + "\ncpu_jobs: 0"));

    [Fact]
    public void NotABoolean() => Assert.Equal(
        $"{project.ExperimentFile}:12:13: grid.baseline: expected true or false, found 'maybe'; allowed: true, false",
        project.Error(TempProject.Edit("baseline: true", "baseline: maybe")));

    [Fact]
    public void NotAList() => Assert.Equal(
        $"{project.ExperimentFile}:7:12: grid.methods: expected a list, found 'shf'",
        project.Error(TempProject.Edit("methods: [shf, np, ffx]", "methods: shf")));

    [Fact]
    public void NumberOutOfRange() => Assert.Equal(
        $"{project.ExperimentFile}:4:28: training.lr: 0 is out of range; allowed: a number > 0 and <= 10",
        project.Error(TempProject.Edit("training: short", "training: {use: short, lr: 0}")));

    [Fact]
    public void IntegerOutOfRange() => Assert.Equal(
        $"{project.ExperimentFile}:5:30: evaluation.incorrect_keys: -1 is out of range; allowed: an integer from 0 to 100000",
        project.Error(TempProject.Edit("evaluation: few", "evaluation: {incorrect_keys: -1}")));

    [Fact]
    public void BlockSizeThatDoesNotDivideTheImageSizeNamesBoth() => Assert.Equal(
        $"{project.ExperimentFile}:8:23: grid.block_sizes[2]: block size 24 does not divide the image size 32 "
        + $"(dataset.image_size at {project.Path("configs/dataset/tiny.yaml")}:2:13); allowed: 1, 2, 4, 8, 16, 32",
        project.Error(TempProject.Edit("block_sizes: [2, 4, 8]", "block_sizes: [2, 4, 24]")));

    [Fact]
    public void UnknownMethodListsTheMethods() => Assert.Equal(
        $"{project.ExperimentFile}:7:18: grid.methods[1]: unknown method 'nps' (did you mean 'np'?); allowed: shf, np, ffx, fmp",
        project.Error(TempProject.Edit("methods: [shf, np, ffx]", "methods: [shf, nps, ffx]")));

    [Fact]
    public void TheBaselineIsNotAMethod() => Assert.Equal(
        $"{project.ExperimentFile}:7:22: grid.methods[2]: the baseline is not a method; set grid.baseline: true; allowed: shf, np, ffx, fmp",
        project.Error(TempProject.Edit("methods: [shf, np, ffx]", "methods: [shf, np, baseline]")));

    [Fact]
    public void SyntheticSetWithMoreClassesThanItHas() => Assert.Equal(
        $"{project.ExperimentFile}:2:31: dataset.classes: the synthetic set has at most 21 classes (background + 5 shapes × 2 colour families × 2 textures); "
        + "allowed: 2..21, where fewer keep the first ones (6 = background + the five smooth warm shapes)",
        project.Error(TempProject.Edit("dataset: tiny", "dataset: {use: tiny, classes: 22}")));

    [Fact]
    public void VocWithoutAPathSaysWhereToGetVoc() => Assert.Equal(
        $"{project.ExperimentFile}:2:10: dataset.path: required field is missing; {DatasetSection.VocHelp}",
        project.Error(TempProject.Edit("dataset: tiny", "dataset: {kind: voc, image_size: 32}")));

    [Fact]
    public void VocPathThatDoesNotExist()
    {
        var error = project.Error(TempProject.Edit("dataset: tiny", "dataset: {kind: voc, path: nowhere, image_size: 32}"));

        Assert.Equal($"{project.ExperimentFile}:2:28: dataset.path: folder {project.Path("nowhere")} does not exist; {DatasetSection.VocHelp}", error);
        Assert.Contains("http://host.robots.ox.ac.uk/pascal/VOC/voc2012/", error);
    }

    [Fact]
    public void VocFolderThatExistsIsAccepted()
    {
        Directory.CreateDirectory(project.Path("data/VOC2012"));

        var experiment = project.Load(TempProject.Edit("dataset: tiny", "dataset: {kind: voc, path: data/VOC2012, image_size: 32}")).Experiment;

        Assert.Equal("data/VOC2012", experiment.Dataset.Path);
        Assert.Null(experiment.Dataset.Train);
    }

    [Fact]
    public void AccumulationStepsMustDivideTheBatch() => Assert.Equal(
        $"{project.ExperimentFile}:4:36: training.accumulate: 3 does not divide batch_size 4; allowed: a divisor of batch_size, or 'auto'",
        project.Error(TempProject.Edit("training: short", "training: {use: short, accumulate: 3}")));

    [Fact]
    public void MinimumLearningRateAboveTheLearningRate() => Assert.Equal(
        $"{project.ExperimentFile}:4:32: training.min_lr: min_lr 0.5 is above lr 0.01 ({project.Path("configs/training/short.yaml")}:3:5); allowed: a number >= 0 and <= lr",
        project.Error(TempProject.Edit("training: short", "training: {use: short, min_lr: 0.5}")));

    [Fact]
    public void MissingConfigBlock() => Assert.Equal(
        $"{project.ExperimentFile}:3:8: model: no model block 'smal': {project.Path("configs/model/smal.yaml")} does not exist (did you mean 'small'?); allowed: small",
        project.Error(TempProject.Edit("model: small", "model: smal")));

    [Fact]
    public void MissingRequiredFieldIsReportedWhereTheSectionIsWritten() => Assert.Equal(
        $"{project.ExperimentFile}:4:11: training.lr: required field is missing",
        project.Error(TempProject.Edit("training: short", "training: {epochs: 2, batch_size: 4}")));

    [Fact]
    public void MissingKeyNameInTheKeyFile()
    {
        Secret(project.Write("keys.yaml", "alice: 11\n"));

        Assert.Equal($"{project.ExperimentFile}:10:13: grid.keys[0].name: no key 'alicia' in the key file (did you mean 'alice'?); allowed: alice",
            project.Error(TempProject.Edit("- seed: 11", "- name: alicia").Replace("baseline: true", "baseline: true\n  key_file: keys.yaml")));
    }

    [Fact]
    public void MissingKeyFile() => Assert.Equal(
        $"{project.ExperimentFile}:13:13: grid.key_file: key file {project.Path("keys.yaml")} does not exist; "
        + "create it with one 'name: key' line per key (a seed, or a strong key from pipeline key new --strong), chmod 600 it "
        + "and keep it out of version control",
        project.Error(TempProject.Edit("- seed: 11", "- name: alice").Replace("baseline: true", "baseline: true\n  key_file: keys.yaml")));

    [Fact]
    public void AKeyFileThatIsAFolderIsNamedAsOne()
    {
        Directory.CreateDirectory(project.Path("keys.yaml"));

        Assert.Equal($"{project.ExperimentFile}:13:13: grid.key_file: key file {project.Path("keys.yaml")} is a folder; give the YAML file of 'name: key' lines",
            project.Error(TempProject.Edit("- seed: 11", "- name: alice").Replace("baseline: true", "baseline: true\n  key_file: keys.yaml")));
    }

    [Fact]
    public void ARecipeWhoseScheduleCannotAnnealIsWarnedAbout()
    {
        project.Write("configs/training/cycles.yaml", "epochs: 8\nbatch_size: 4\nlr: 0.05\nrestart_epochs: 8\nmin_lr: 0.0001\n");

        var cut = project.Load(TempProject.Edit("training: short", "training: {use: cycles, epochs: 1}"));
        var whole = project.Load(TempProject.Edit("training: short", "training: {use: cycles, epochs: 16}"));

        var warning = Assert.Single(cut.Warnings);
        Assert.StartsWith($"{project.ExperimentFile}:4:33: training.epochs: 1 epochs end the learning-rate schedule partway through a cycle of "
                          + $"restart_epochs 8 ({project.Path("configs/training/cycles.yaml")}:4:17): the rate ends at 0.0481, not annealed to min_lr 0.0001",
                          warning);
        Assert.Empty(whole.Warnings);
    }

    [Fact]
    public void KeyByNameWithoutAKeyFile() => Assert.Equal(
        $"{project.ExperimentFile}:10:13: grid.keys[0].name: key 'alice' is given by name, so grid.key_file must name a YAML file mapping key names to seeds",
        project.Error(TempProject.Edit("- seed: 11", "- name: alice")));

    [Fact]
    public void TheSameKeyTwice() => Assert.Equal(
        $"{project.ExperimentFile}:11:7: grid.keys[1]: the same key as grid.keys[0]; each key may appear once",
        project.Error(TempProject.Edit("- seed: 22", "- seed: 11")));

    [Fact]
    public void TheSameBlockSizeTwice() => Assert.Equal(
        $"{project.ExperimentFile}:8:23: grid.block_sizes[2]: duplicate block size '2' (also grid.block_sizes[0]); each may appear once",
        project.Error(TempProject.Edit("block_sizes: [2, 4, 8]", "block_sizes: [2, 4, 2]")));

    [Fact]
    public void UnknownDevice() => Assert.Equal(
        $"{project.ExperimentFile}:13:11: devices[0]: unknown device 'gpu' (did you mean 'cpu'?); allowed: cpu, cuda, cuda:N (N = 0, 1, ...)",
        project.Error(TempProject.Experiment + "\ndevices: [gpu]"));

    [Fact]
    public void SlurmTimeLimitFormat() => Assert.Equal(
        $"{project.ExperimentFile}:13:21: slurm.time_limit: '2h' is not a time limit; allowed: HH:MM:SS, e.g. 04:00:00",
        project.Error(TempProject.Experiment + "\nslurm: {time_limit: 2h}"));

    [Fact]
    public void AnEmptyGridIsAnError() => Assert.Equal(
        $"{project.ExperimentFile}:6:7: grid: the grid has no jobs; give methods (with block_sizes and keys), or baseline: true",
        project.Error(string.Join("\n", TempProject.Experiment.Split('\n')[..5]) + "\ngrid: {baseline: false}"));

    [Fact]
    public void TheNameMustBeUsableAsAFolderName() => Assert.Equal(
        $"{project.ExperimentFile}:1:7: name: '../t' cannot name a results folder; allowed: letters, digits, '.', '_' and '-', starting with a letter or digit",
        project.Error(TempProject.Edit("name: t", "name: ../t")));

    [Fact]
    public void MissingExperimentFile()
    {
        var file = project.Path("experiments/none.yaml");

        var e = Assert.Throws<ConfigException>(() => ExperimentLoader.Load(file));

        Assert.Equal($"{file}:1:1: (file): the experiment file does not exist", Assert.Single(e.Errors).ToString());
    }

    [Fact]
    public void SyntaxErrorsArePlaced()
    {
        var error = Assert.Single(project.Errors("name: t\ngrid:\n  methods: [shf\n"));

        Assert.StartsWith($"{project.ExperimentFile}:", error);
        Assert.Contains(": (syntax): ", error);
    }

    [Fact]
    public void EveryErrorIsReportedNotJustTheFirst()
    {
        var errors = project.Errors(TempProject.Edit("methods: [shf, np, ffx]", "methods: [shf, nps, ffx]")
            .Replace("block_sizes: [2, 4, 8]", "block_sizes: [2, 4, 24]")
            .Replace("training: short", "training: {use: short, lr: 0}"));

        Assert.Equal(3, errors.Length);
        Assert.Contains(errors, e => e.Contains("training.lr:"));
        Assert.Contains(errors, e => e.Contains("grid.methods[1]:"));
        Assert.Contains(errors, e => e.Contains("grid.block_sizes[2]:"));
    }

    [Fact]
    public void AnInvalidSeedInTheKeyFileIsNotEchoed()
    {
        var keys = Secret(project.Write("keys.yaml", "alice: 12x34\n"));

        var error = project.Error(TempProject.Edit("- seed: 11", "- name: alice").Replace("baseline: true", "baseline: true\n  key_file: keys.yaml"));

        Assert.Equal($"{keys}:1:8: alice: expected a key, found a value; allowed: a seed (an integer >= 0) or a strong key (64 hex digits)", error);
        Assert.DoesNotContain("12x34", error);
    }

    private static string Secret(string file) => TempProject.SetMode(file, TempProject.OwnerOnly);
}
