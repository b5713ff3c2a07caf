using Pipeline.Method.Attacks;
using Pipeline.Method.Data;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Keys;
using Pipeline.Method.Models;
using Pipeline.Method.Training;
using Pipeline.Orchestration.Jobs;
using Pipeline.Tests.Shared;
using Pipeline.TorchExtensions;

namespace Pipeline.Orchestration.Tests;

/// <summary>Attacks on a tiny real model: fine-tuning from its weights, and a key estimation that resumes exactly.</summary>
[Collection(ProcessWideCollection.Name)]
public sealed class AttackJobTests : IDisposable
{
    private readonly string top = Directory.CreateTempSubdirectory("attack-test-").FullName;
    private readonly ExperimentFolder experiment;
    private readonly MethodJob target;

    public AttackJobTests()
    {
        experiment = new ExperimentFolder(Path.Combine(top, "e"));
        Directory.CreateDirectory(experiment.JobsDirectory);
        var key = new SecretKey(4321);
        target = new MethodJob
        {
            Protection = new KeyedMethod { Method = "shf", BlockSize = 8, Key = key, KeyFingerprint = experiment.Fingerprinter().Of(key), KeyKind = key.Kind },
            Settings = new JobSettings
            {
                Dataset = new DatasetSettings { Kind = DatasetKind.Synthetic, ImageSize = 32, Classes = 3, Train = 16, Val = 4, Test = 6, Seed = 2 },
                Model = new ModelSettings { Arch = "fcn_resnet18" },
                Training = new TrainingRecipe { Epochs = 2, BatchSize = 8, Lr = 0.05, Seed = 1 },
                Evaluation = new EvaluationSettings { IncorrectKeys = 1, BatchSize = 8 },
            },
        };
    }

    public void Dispose() => Directory.Delete(top, recursive: true);

    private JobMetrics TrainTarget() => new TrainingRunner(target, experiment.Job(target.Id), DeviceId.CPU, _ => { }).Run(CancellationToken.None);

    private KeyEstimationJob KeyEstimation() => new()
    {
        Protection = target.Protection, Target = target.Id, Budget = new KeyEstimationBudget(RandomKeys: 4, LocalQueries: 8, QueryImages: 3), Seed = 2,
        Settings = target.Settings,
    };

    [Fact]
    public void FineTuningStartsFromTheStolenWeightsOnTheAttackersShareOfPlainImages()
    {
        TrainTarget();
        var attack = new FineTuningJob
        {
            Protection = target.Protection, Target = target.Id, Share = new AttackerShare(0.25, Seed: 2),
            Settings = target.Settings with { Training = target.Training with { Epochs = 1 } },
        };
        var log = new List<string>();
        var metrics = new TrainingRunner(attack, experiment.Job(attack.Id), DeviceId.CPU, log.Add).Run(CancellationToken.None);

        Assert.Contains($"loaded initial weights from {experiment.Job(target.Id).Weights}", log);
        Assert.Equal(AttackKind.FineTuning, metrics.Attack!.Kind);
        Assert.Equal(target.Id, metrics.Attack.Target);
        // ⌈0.25 × 14⌉ of the 14 training images (16 minus the validation share).
        Assert.Equal(4, metrics.Attack.TrainImages);
        Assert.Equal(1, metrics.Training!.Epochs);
        Assert.Null(metrics.Evaluations.Correct);
        Assert.False(File.Exists(experiment.Job(attack.Id).Weights), "an attacker's model is measured, not kept");
    }

    [Fact]
    public void FineTuningWithoutTheModelsWeightsNamesThem()
    {
        var attack = new FineTuningJob { Protection = target.Protection, Target = target.Id, Share = new AttackerShare(0.5, Seed: 0), Settings = target.Settings };
        var error = Assert.Throws<JobInputException>(() => new TrainingRunner(attack, experiment.Job(attack.Id), DeviceId.CPU, _ => { }).Run(CancellationToken.None));
        Assert.Contains(experiment.Job(target.Id).Weights, error.Message);
    }

    [Fact]
    public void AStoppedKeyEstimationResumesAtItsQueryAndEndsAsAnUninterruptedOne()
    {
        var model = TrainTarget();
        var job = KeyEstimation();
        var straight = new KeyEstimationRunner(job, new JobFolder(Path.Combine(experiment.JobsDirectory, "straight")), DeviceId.CPU, _ => { })
            .Run(CancellationToken.None);

        var folder = new JobFolder(Path.Combine(experiment.JobsDirectory, "stopped"));
        using (var stop = new CancellationTokenSource())
        {
            var first = new KeyEstimationRunner(job, folder, DeviceId.CPU, _ => { }) { QueryCompleted = (done, _) => { if (done == 6) stop.Cancel(); } };
            Assert.ThrowsAny<OperationCanceledException>(() => first.Run(stop.Token));
        }
        var state = folder.File(JobFolder.SearchStateFile);
        Assert.True(File.Exists(state));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(state));
        var log = new List<string>();
        var resumed = new KeyEstimationRunner(job, folder, DeviceId.CPU, log.Add).Run(CancellationToken.None);

        Assert.Contains("resuming the search at query 7 of 12", log);
        Assert.Equal(straight.Attack!.Curve, resumed.Attack!.Curve);
        Assert.Equal(straight.Attack.Estimated!.Confusion, resumed.Attack.Estimated!.Confusion);
        Assert.Equal(straight.Attack.KeyAgreement, resumed.Attack.KeyAgreement);
        Assert.False(File.Exists(state), "the search state goes once the job has finished");
        Assert.Equal(12, resumed.Attack.Curve!.Count);
        Assert.Equal(3, resumed.Attack.QueryImages);
        Assert.InRange(resumed.Attack.KeyAgreement!.Value, 0, 1);
        // The model's own results are copied beside the attack's, for comparison.
        Assert.Equal(model.Evaluations.Correct!.MeanIou, resumed.Evaluations.Correct!.MeanIou);
        Assert.Null(resumed.Training);
    }
}
