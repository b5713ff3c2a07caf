using Pipeline.Method;
using System.Text.Json;
using Pipeline.Cli.Commands;
using Pipeline.Method.Evaluation;
using Pipeline.Orchestration.Jobs;
using Pipeline.Orchestration.Parity;
using Pipeline.Orchestration.Running;
using Pipeline.Orchestration.Tests;
using Pipeline.Reports.Charts;
using Pipeline.Reports.Tables;
using Pipeline.Tests.Shared;

namespace Pipeline.Cli.Tests;

/// <summary>`pipeline parity` end to end at toy sizes on the CPU (Debian's PyTorch as the reference), and its bad input.</summary>
[Collection(ProcessWideCollection.Name)]
public sealed class ParityCommandTests : IDisposable
{
    // One key, so that shf/8 names one job; the tiny blocks of TempProject (32 px, 4 training images, 2 epochs).
    private static readonly string OneKey = TempProject.Experiment.Replace("    - seed: 22\n", "");
    private readonly TempProject project = new();

    public void Dispose() => Directory.Delete(project.Root, recursive: true);

    private (int Code, string Output, string Error) Parity(string experiment, string job, int seeds = 2, params string[] overrides)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = ParityCommand.Run(experiment, job, overrides, seeds, project.Path("results"), project.Path("parity"), "cpu", Environment.ProcessorCount, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [PyTorchFact]
    public void TrainsBothSidesPerSeedAndComparesThem()
    {
        var file = project.WriteExperiment(OneKey);
        var (code, output, error) = Parity(file, "shf/8");
        Assert.True(code == ExitCodes.Finished, output + error);

        var summary = JsonSerializer.Deserialize<ParitySummary>(File.ReadAllText(project.Path("parity/parity.json")), JsonFiles.Options)!;
        Assert.Equal([0, 1], summary.Seeds.Select(s => s.Seed));
        Assert.Equal([ParitySummary.Correct, ParitySummary.Plain, ParitySummary.Incorrect, ParitySummary.BestValidationLoss], summary.Measures.Select(m => m.Name));
        foreach (var seed in summary.Seeds)
        {
            Assert.Equal(2, seed.Reference.Training.History.Count);
            Assert.Equal(2, seed.Ours.Training!.History.Count);
            Assert.Equal(2, seed.Reference.Evaluations.Incorrect!.Evaluated);
            // The same wrong keys on both sides, named alike.
            Assert.Equal(seed.Ours.Evaluations.Incorrect!.Runs.Select(r => r.KeyFingerprint), seed.Reference.Evaluations.Incorrect.Runs.Select(r => r.KeyFingerprint));
            Assert.Equal("fp32", seed.Reference.Training.Precision);
            Assert.Equal(seed.JobId, seed.Ours.JobId);
            Assert.True(File.Exists(project.Path($"parity/ours/jobs/{seed.JobId}/{JobFolder.MetricsFile}")));
            Assert.True(File.Exists(project.Path($"parity/reference/{seed.JobId}.json")));
        }
        var plain = summary.Measures.Single(m => m.Name == ParitySummary.Plain);
        Assert.Equal(summary.Seeds.Select(s => s.Reference.Evaluations.Plain.MeanIou), plain.Pytorch);
        Assert.Equal(plain.OursMean - plain.PytorchMean, plain.Difference, 12);
        Assert.Contains("| mean IoU, correct key |", output);
        Assert.Contains("# Seed 1: training curves", File.ReadAllText(project.Path($"parity/{ParityMarkdown.File}")));
        Assert.StartsWith("<?xml", File.ReadAllText(project.Path($"parity/{ParityChart.SvgFile}")));
        // The key material was for the reference's run only.
        Assert.False(File.Exists(project.Path("parity/keys.json")));

        // Again: both sides of both seeds are found, nothing trains, and the comparison is the same.
        var again = Parity(file, "shf/8");
        Assert.Equal(ExitCodes.Finished, again.Code);
        Assert.Equal(4, again.Output.Split('\n').Count(l => l.Contains("finished before")));
        Assert.DoesNotContain("epoch 1/2", again.Output);
        Assert.Contains("seed 1, PyTorch: epoch 2/2: train loss", output);
        Assert.Contains("seed 0, ours: epoch 2/2: train loss", output);
        var rerun = JsonSerializer.Deserialize<ParitySummary>(File.ReadAllText(project.Path("parity/parity.json")), JsonFiles.Options)!;
        Assert.Equal(summary.Measures.Select(m => m.Difference), rerun.Measures.Select(m => m.Difference));
    }

    [Fact]
    public void BadInputIsNamedAndNothingRuns()
    {
        var twoKeys = project.WriteExperiment();
        var ambiguous = Parity(twoKeys, "shf/8");
        Assert.Equal(ExitCodes.BadInput, ambiguous.Code);
        Assert.Contains("--job shf/8: 2 jobs match", ambiguous.Error);

        var missing = Parity(twoKeys, "shf/3");
        Assert.Equal(ExitCodes.BadInput, missing.Code);
        Assert.Contains("--job shf/3: no model job of this experiment; give a job id, or one of baseline, ffx/2", missing.Error);

        var file = project.WriteExperiment(OneKey);
        Assert.Equal(ExitCodes.BadInput, Parity(file, "shf/8", seeds: 0).Code);
        var badOverride = Parity(file, "shf/8", 2, "training.epochs=x");
        Assert.Equal(ExitCodes.BadInput, badOverride.Code);
        Assert.Contains("training.epochs", badOverride.Error);
        Assert.False(Directory.Exists(project.Path("parity")));
    }

    [Fact]
    public void JobIsChosenByIdPrefixOrMethodAndBlockSize()
    {
        var jobs = project.Jobs();
        var shf = jobs.First(j => j.Method == "shf" && JobRecord.Of(j).BlockSize == 4);
        Assert.Equal(shf, ParityJobChoice.Select(jobs, shf.Id[..8]));
        Assert.Equal(jobs.Single(j => j is BaselineJob), ParityJobChoice.Select(jobs, "baseline"));
        var oneKey = project.Jobs(OneKey);
        Assert.Equal(oneKey.Single(j => j.Method == "np" && JobRecord.Of(j).BlockSize == 2), ParityJobChoice.Select(oneKey, "np/2"));
        Assert.Throws<ArgumentException>(() => ParityJobChoice.Select(oneKey, "np/x"));
    }
}
