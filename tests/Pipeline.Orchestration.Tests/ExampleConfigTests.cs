using Pipeline.Method.Attacks;
using Pipeline.TorchExtensions;
using Pipeline.Method.Training;
using Pipeline.Orchestration.Config;
using Pipeline.Orchestration.Jobs;

namespace Pipeline.Orchestration.Tests;

/// <summary>The shipped experiments/ and configs/ load and give the grids their comments promise.</summary>
public sealed class ExampleConfigTests
{
    private static string Repository([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

    [Fact]
    public void QuickIsTheFourMethodsAndBaselineOnTheCpuThenAttacksOnTheMEqualsEightAndFmpModels()
    {
        var experiment = ExperimentLoader.Load(Path.Combine(Repository(), "experiments", "quick.yaml")).Experiment;
        var jobs = GridExpander.Expand(experiment, TempProject.Fingerprints);
        var models = jobs.Where(j => j.Attack is null).ToList();
        var attacks = jobs.Where(j => j.Attack is not null).ToList();

        // shf, np and ffx at three block sizes, fmp once (it has none), and the baseline.
        Assert.Equal(3 * 3 + 1 + 1, models.Count);
        Assert.Equal([2, 8, 32], models.Select(j => JobRecord.Of(j).BlockSize).OfType<int>().Distinct().Order());
        Assert.Single(models, j => j.Method == "fmp");
        // Each attacked model is fine-tuned and has its key estimated; one model from scratch per share.
        var targets = attacks.OfType<AttackOnModelJob>().GroupBy(a => a.Target).ToList();
        Assert.Equal(["ffx", "fmp", "np", "shf"], targets.Select(t => models.Single(m => m.Id == t.Key).Method).Order());
        Assert.All(targets, t => Assert.Equal([AttackKind.FineTuning, AttackKind.KeyEstimation], t.Select(a => a.Attack!.Value).Order()));
        Assert.Single(attacks, a => a.Attack == AttackKind.FromScratch);
        Assert.Equal("fcn_resnet18", experiment.Model.Arch);
        Assert.Equal(64, experiment.Dataset.ImageSize);
        Assert.Equal([DeviceId.CPU], experiment.Devices);
    }

    [Fact]
    public void TheRepositoryCarriesNoResultsARunWouldTakeForItsOwn()
    {
        // A run of experiments/X.yaml keeps its jobs in results/X/: a clone must bring none, so the quick start trains.
        var tracked = Git("ls-files", "results");
        Assert.NotEmpty(tracked);
        Assert.All(tracked, path => Assert.True(path == "results/README.md" || path.StartsWith("results/examples/", StringComparison.Ordinal), path));
        // What is secret or heavy stays out of git, in examples too.
        foreach (var path in new[] { "results/examples/quick/fingerprint.secret", "results/examples/quick/jobs/0123/key.secret",
                                     "results/examples/quick/jobs/0123/weights.safetensors", "results/quick/report.html", "keys.yaml" })
            Assert.Equal([path], Git("check-ignore", "--no-index", path));
        Assert.Empty(Git("ls-files", "--", "*.secret", "*.safetensors"));
    }

    private static string[] Git(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = Repository(), RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var git = System.Diagnostics.Process.Start(start)!;
        var lines = git.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        git.WaitForExit();
        return lines;
    }

    [Fact]
    public void PaperSyntheticIsTheTable1Grid()
    {
        var experiment = ExperimentLoader.Load(Path.Combine(Repository(), "experiments", "paper-synthetic.yaml")).Experiment;

        Assert.Equal(3 * 8 + 1, GridExpander.Expand(experiment, TempProject.Fingerprints).Count);
        Assert.Equal([2, 4, 8, 16, 32, 64, 128, 256], experiment.Grid.BlockSizes);
        Assert.Equal(new TrainingRecipe
        {
            Epochs = 100, BatchSize = 256, Lr = 0.1, Momentum = 0.9, WeightDecay = 0.005, RestartEpochs = 10, MinLr = 0.0001,
            Seed = 0, Precision = Precision.Bf16, ChannelsLast = true, Accumulate = GradientAccumulation.Auto,
        }, experiment.Training);
        Assert.Equal(100, experiment.Evaluation.IncorrectKeys);
        Assert.Equal("fcn_resnet50", experiment.Model.Arch);
    }

    [Fact]
    public void PaperVocSaysWhereToGetVocWhenItIsMissing()
    {
        var root = Repository();
        if (Directory.Exists(Path.Combine(root, "data", "VOCdevkit", "VOC2012"))) return; // VOC is installed here: nothing to report.

        var e = Assert.Throws<ConfigException>(() => ExperimentLoader.Load(Path.Combine(root, "experiments", "paper-voc2012.yaml")));

        var error = Assert.Single(e.Errors);
        Assert.Equal(Path.Combine(root, "configs", "dataset", "voc2012.yaml"), Path.GetFullPath(error.File));
        Assert.Equal((8, 7, "dataset.path"), (error.Line, error.Column, error.Path));
        Assert.Contains("http://host.robots.ox.ac.uk/pascal/VOC/voc2012/", error.Message);
    }
}
