using Pipeline.Method.Data;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Keys;
using Pipeline.Method.Models;
using Pipeline.Method.Training;
using Pipeline.Orchestration.Jobs;
using Pipeline.Reports.Figures;
using Pipeline.Reports.Results;
using Pipeline.Tests.Shared;
using Pipeline.TorchExtensions;

namespace Pipeline.Reports.Tests;

/// <summary>
/// A report's numbers come from one configuration: jobs of another (an edited recipe, an earlier job-id version) are
/// left out and named, a key counts once, a damaged job is shown as damaged, and the paper's values stand only beside
/// a VOC run.
/// </summary>
public sealed class ConfigurationReportTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pipeline-report-configurations-").FullName;
    private readonly ExperimentFolder experiment;

    public ConfigurationReportTests()
    {
        experiment = new ExperimentFolder(Path.Combine(root, "results", "grid"));
        experiment.Fingerprinter();
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Read(string file) => File.ReadAllText(Path.Combine(experiment.Path, file));

    private static Job Spec(string method, int? blockSize, long? seed, KeyFingerprinter fingerprints, int epochs = 2, DatasetKind dataset = DatasetKind.Synthetic) => new JobRecord
    {
        Method = method, BlockSize = blockSize, KeyFingerprint = seed is { } s ? fingerprints.Of(new SecretKey(s)) : null,
        KeyKind = seed is null ? null : KeyKind.Seed,
        Dataset = dataset == DatasetKind.Voc
            ? new DatasetSettings { Kind = DatasetKind.Voc, Path = "data/VOCdevkit/VOC2012", ImageSize = 32, Classes = 3 }
            : new DatasetSettings { Kind = DatasetKind.Synthetic, ImageSize = 32, Classes = 3, Train = 4, Val = 2, Test = 2 },
        Model = new ModelSettings { Arch = "fcn_resnet18" },
        Training = new TrainingRecipe { Epochs = epochs, BatchSize = 2, Lr = 0.01 },
        Evaluation = new EvaluationSettings { IncorrectKeys = 1 },
    }.ToJob();

    /// <summary>Saves the job finished with the given mean IoU (correct key, or plain for the baseline), started at <paramref name="started"/>.</summary>
    private Job Finished(Job job, double meanIou, DateTimeOffset started)
    {
        var folder = experiment.Save(job);
        var result = new EvaluationResult { MeanIou = meanIou, PixelAccuracy = 0.9, Iou = [meanIou, meanIou, meanIou], Confusion = [[9, 1, 0], [1, 9, 0], [0, 0, 1]] };
        folder.WriteMetrics(JobMetrics.Of(job, SyntheticVoc.ClassNamesOf(3), new Evaluations { Plain = result, Correct = job is BaselineJob ? null : result }));
        folder.WriteStatus(new JobStatus { State = JobState.Finished, Attempts = 1, Started = started, Finished = started.AddMinutes(1) });
        return job;
    }

    [Fact]
    public void JobsOfAnotherConfigurationAreLeftOutNamedAndNeverAveragedIn()
    {
        var fingerprints = experiment.Fingerprinter();
        var day = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        // A run with 2 epochs, then the experiment edited to 1 epoch and run into the same folder: the same key twice in a cell.
        var old = new[] { Finished(Spec("baseline", null, null, fingerprints), 0.50, day), Finished(Spec("shf", 4, 7, fingerprints), 0.60, day) };
        var edited = new[]
        {
            Finished(Spec("baseline", null, null, fingerprints, epochs: 1), 0.30, day.AddDays(1)),
            Finished(Spec("shf", 4, 7, fingerprints, epochs: 1), 0.20, day.AddDays(1)),
        };
        var notes = new List<string>();

        Report.Write(experiment.Path, notes.Add);

        // The newer configuration on a tie; its one key once, its value alone.
        var table1 = Read("table1.md");
        Assert.Contains("| 4 | 0.2000 |", table1);
        Assert.Contains("Baseline (unprotected model, plain images): 0.3000.", table1);
        Assert.DoesNotContain("n=", table1);
        Assert.Contains(",0.2000,,,1", Read("table1.csv"));
        var note = Assert.Single(notes, n => n.Contains("left out of the tables"));
        Assert.Equal($"2 jobs of {experiment.Path} left out of the tables: another configuration (training.epochs 2, not 1) "
                     + $"({string.Join(", ", old.Select(j => j.Id).Order(StringComparer.Ordinal))}); a results folder holds one configuration: move them to a folder of their own", note);
        var html = Read("report.html");
        Assert.Contains("<h2>Left out of the tables</h2>", html);
        Assert.All(old, j => Assert.Contains(j.Id, html));
        var folder = ResultsFolder.Load(experiment.Path);
        Assert.Equal(edited.Select(j => j.Id).Order(), folder.AllJobs.Select(j => j.Id).Order());
    }

    [Fact]
    public void AJobOfAnEarlierIdVersionIsLeftOutAndNamed()
    {
        var fingerprints = experiment.Fingerprinter();
        Finished(Spec("baseline", null, null, fingerprints), 0.40, DateTimeOffset.UtcNow);
        EarlierVersionJob.CopyInto(experiment.Path);
        var notes = new List<string>();

        Report.Write(experiment.Path, notes.Add);

        Assert.Contains(notes, n => n.StartsWith($"1 job of {experiment.Path} left out of the tables: an earlier job-id version (job.v2; this pipeline writes {JobId.Version})", StringComparison.Ordinal)
                                    && n.Contains(EarlierVersionJob.Id));
        Assert.Contains("Baseline (unprotected model, plain images): 0.4000.", Read("table1.md"));
    }

    [Theory]
    [InlineData(DatasetKind.Synthetic, false)]
    [InlineData(DatasetKind.Voc, true)]
    public void ThePapersValuesStandOnlyBesideAVocRun(DatasetKind dataset, bool withPaper)
    {
        var fingerprints = experiment.Fingerprinter();
        Finished(Spec("baseline", null, null, fingerprints, dataset: dataset), 0.40, DateTimeOffset.UtcNow);
        Finished(Spec("shf", 4, 7, fingerprints, dataset: dataset), 0.30, DateTimeOffset.UtcNow);

        Report.Write(experiment.Path);

        var table1 = Read("table1.md");
        Assert.Equal(withPaper, table1.Contains("SHF paper"));
        Assert.Equal(withPaper, table1.Contains("0.5941"));
        Assert.Equal(withPaper, Read("report.html").Contains("0.5941"));
        Assert.Equal(withPaper, Read("fig6.svg").Contains("paper: correct key"));
        if (!withPaper) Assert.Contains("is on PASCAL VOC 2012, and these models were trained on another dataset", table1);
    }

    [Fact]
    public void Fig5LeavesAJobWithDamagedMetricsOutInsteadOfFailing()
    {
        var job = Spec("baseline", null, null, experiment.Fingerprinter());
        var folder = experiment.Save(job);
        using (var model = FcnResNet.From(job.Model, job.Dataset.Classes)) Safetensors.Save(folder.Weights, model.state_dict());
        File.WriteAllText(folder.File(JobFolder.MetricsFile), "{\"schema\": 1, \"job_");
        folder.WriteStatus(new JobStatus { State = JobState.Finished, Attempts = 1 });
        var notes = new List<string>();

        Report.Write(experiment.Path, notes.Add);

        Assert.Contains(notes, n => n.StartsWith(Fig5Png.NotYet, StringComparison.Ordinal));
        Assert.DoesNotContain(notes, n => n.Contains("Exception"));
        Assert.Contains("Baseline (unprotected model, plain images): damaged.", Read("table1.md"));
    }
}
