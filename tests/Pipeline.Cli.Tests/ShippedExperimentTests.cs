using System.Globalization;
using System.Text.Json;
using Pipeline.Orchestration.Config;
using Pipeline.Orchestration.Jobs;
using Pipeline.Orchestration.Running;
using Pipeline.Tests.Shared;

namespace Pipeline.Cli.Tests;

/// <summary>
/// Every experiment file we ship runs end to end through `pipeline run` on the CPU, with only its sizes overridden on
/// the command line (image size, image counts, epochs, batch, incorrect keys, attack budgets, and the block sizes that
/// fit the smaller images); the paper's VOC experiment reads a VOC-layout folder. So the paper's recipe as shipped
/// (bf16, channels-last, accumulate: auto) takes its own code path in CI, and a recipe field that breaks a job breaks
/// this test.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class ShippedExperimentTests : IDisposable
{
    private const int ImageSize = 16;
    private readonly string scratch = Directory.CreateTempSubdirectory("shipped-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    private static string Repository([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

    public static TheoryData<string> Experiments() =>
        new(Directory.GetFiles(Path.Combine(Repository(), "experiments"), "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Experiments))]
    public void RunsEndToEndOnTheCpuWithOnlyItsSizesShrunk(string name)
    {
        var file = Path.Combine(Repository(), "experiments", name);
        var results = Path.Combine(scratch, "results", Path.GetFileNameWithoutExtension(name));
        var overrides = Shrink(file);

        string[] args = ["run", file, "--results", results, "--devices", "cpu", "--cpu-jobs", "2", .. overrides.SelectMany(o => new[] { "--set", o })];
        var code = PipelineProcess.Run(TimeSpan.FromMinutes(10), out var output, args);

        Assert.True(code == ExitCodes.Finished, output);
        var loaded = ExperimentLoader.Load(file, overrides);
        var folder = new ExperimentFolder(results);
        var jobs = GridExpander.Expand(loaded.Experiment, folder.ExistingFingerprinter()!);
        Assert.All(jobs, job => Assert.True(folder.Job(job.Id).IsFinished, $"{job.Label} did not finish:\n{output}"));
        Assert.True(File.Exists(Path.Combine(folder.Path, "report.html")), output);
        Assert.DoesNotContain("Exception", output);

        // The recipe reached the jobs as the file has it: only the overridden sizes differ.
        var shipped = ExperimentLoader.Load(file, overrides.Where(o => o.StartsWith("dataset.path=", StringComparison.Ordinal))).Experiment.Training;
        foreach (var job in jobs.Where(j => j.Attack is null))
        {
            var written = folder.Job(job.Id).ReadJobWithoutKey().Training;
            Assert.Equal(shipped with { Epochs = 1, BatchSize = 4, RestartEpochs = shipped.RestartEpochs }, written with { CheckpointMinutes = shipped.CheckpointMinutes });
        }
        // Each job says how it computes: bf16 where asked for and this CPU's bf16 arithmetic is trustworthy, else fp32 and why.
        Assert.Contains("precision: ", output);
        using var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "run.json")));
        Assert.Equal(overrides, run.RootElement.GetProperty("overrides").EnumerateArray().Select(o => o.GetString()!));
    }

    /// <summary>The overrides that shrink an experiment's sizes and nothing else.</summary>
    private string[] Shrink(string file)
    {
        var dataset = new List<string>();
        LoadedExperiment loaded;
        try
        {
            loaded = ExperimentLoader.Load(file);
        }
        catch (ConfigException e) when (e.Errors.All(error => error.Path == "dataset.path"))
        {
            // A VOC experiment whose data is not here: a VOC-layout folder stands in.
            dataset.Add($"dataset.path={WriteVoc()}");
            loaded = ExperimentLoader.Load(file, dataset);
        }
        var experiment = loaded.Experiment;
        if (experiment.Dataset.Kind == Method.Data.DatasetKind.Synthetic) dataset.AddRange(["dataset.train=8", "dataset.val=2", "dataset.test=2"]);
        string Fitting(IEnumerable<int> sizes) => "[" + string.Join(", ", sizes.Where(m => ImageSize % m == 0)) + "]";
        var overrides = new List<string>(dataset)
        {
            $"dataset.image_size={ImageSize}", "training.epochs=1", "training.batch_size=4", "evaluation.incorrect_keys=1", "evaluation.batch_size=4",
        };
        if (experiment.Grid.BlockSizes.Length > 0) overrides.Add($"grid.block_sizes={Fitting(experiment.Grid.BlockSizes)}");
        if (experiment.Attacks is { } attacks)
        {
            if (attacks.BlockSizes.Length > 0) overrides.Add($"attacks.block_sizes={Fitting(attacks.BlockSizes)}");
            if (attacks.Fractions.Length > 0) overrides.Add("attacks.fine_tuning.epochs=1");
            if (attacks.KeyEstimation is not null)
                overrides.AddRange(["attacks.key_estimation.random_keys=2", "attacks.key_estimation.local_queries=2", "attacks.key_estimation.query_images=2"]);
        }
        return overrides.ToArray();
    }

    private string WriteVoc()
    {
        var voc = Path.Combine(scratch, "VOC2012");
        using var set = Method.Data.SyntheticVoc.Generate(new Method.Data.SyntheticVocOptions { ImageSize = 24, Train = 10, Validation = 2, Test = 2, Seed = 4 });
        Method.Data.VocWriter.Write(set, voc);
        return voc;
    }
}
