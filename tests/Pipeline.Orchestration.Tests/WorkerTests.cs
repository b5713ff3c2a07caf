using Pipeline.Tests.Shared;
using Pipeline.Orchestration.Config;
using Pipeline.Orchestration.Jobs;
using Pipeline.Orchestration.Running;

namespace Pipeline.Orchestration.Tests;

/// <summary>`pipeline run` for real on the CPU: tiny jobs, real child processes, real kills.</summary>
public class WorkerTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(6);
    private readonly string root = Directory.CreateTempSubdirectory("worker-test-").FullName;

    public WorkerTests() => Directory.CreateDirectory(Path.Combine(root, "configs"));

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Experiment(string name, string methods = "[shf, np]", int crashRetries = 2, int epochs = 2, string attacks = "")
    {
        var path = Path.Combine(root, $"{name}.yaml");
        File.WriteAllText(path, $$"""
            name: {{name}}
            dataset: {kind: synthetic, image_size: 16, classes: 21, train: 4, val: 2, test: 2, seed: 1}
            model: {arch: fcn_resnet18}
            training: {epochs: {{epochs}}, batch_size: 2, lr: 0.01, checkpoint_minutes: 0}
            evaluation: {incorrect_keys: 1, batch_size: 2}
            grid:
              methods: {{methods}}
              block_sizes: [4]
              keys: [{seed: 12345678}]
              baseline: true
            devices: [cpu]
            retries: {oom: 1, crash: {{crashRetries}}, timeout: 1}
            {{attacks}}
            """);
        return path;
    }

    /// <summary>The experiment's results folder, as --results names it.</summary>
    private string Results(string name) => Path.Combine(root, "results", name);

    private List<(Job Job, JobFolder Folder)> Jobs(string experimentFile)
    {
        var experiment = ExperimentLoader.Load(experimentFile).Experiment;
        var store = new ExperimentFolder(Results(experiment.Name));
        return GridExpander.Expand(experiment, store.Fingerprinter()).Select(j => (j, store.Job(j.Id))).ToList();
    }

    [UnixFact]
    public void AKilledRunLosesNoFinishedJobAndTheRerunCompletesIt()
    {
        var file = Experiment("killed", epochs: 8);
        var jobs = Jobs(file);
        using (var run = new PipelineProcess("run", file, "--results", Results("killed")))
        {
            // Kill everything once the first job has finished and the second has checkpointed its first epoch.
            var deadline = DateTime.UtcNow + Limit;
            while (!(jobs.Count(j => File.Exists(j.Folder.File(JobFolder.MetricsFile))) == 1
                     && jobs.Any(j => File.Exists(j.Folder.File(JobFolder.CheckpointFile)))))
            {
                Assert.True(DateTime.UtcNow < deadline, $"the run never reached its second job:\n{run.Output}");
                Thread.Sleep(100);
            }
            run.KillTree();
        }
        var finishedBefore = jobs.Where(j => File.Exists(j.Folder.File(JobFolder.MetricsFile))).Select(j => j.Job.Id).ToList();
        Assert.Single(finishedBefore);
        var metricsBefore = File.ReadAllText(jobs.Single(j => j.Job.Id == finishedBefore[0]).Folder.File(JobFolder.MetricsFile));

        var code = PipelineProcess.Run(Limit, out var output, "run", file, "--results", Results("killed"));

        Assert.True(code == 0, output);
        Assert.True(output.Contains("was left running by a process that died"), output);
        Assert.Contains("resuming from checkpoint.safetensors", output);
        foreach (var (job, folder) in jobs)
        {
            Assert.True(File.Exists(folder.File(JobFolder.MetricsFile)), $"{job.Id} has no metrics:\n{output}");
            Assert.Equal(JobState.Finished, folder.ReadStatus()!.State);
        }
        var finished = jobs.Single(j => j.Job.Id == finishedBefore[0]).Folder;
        Assert.Equal(metricsBefore, File.ReadAllText(finished.File(JobFolder.MetricsFile)));
        Assert.Equal(1, finished.AttemptLogCount);

        // record.json says what made the latest run, and the report shows it.
        var record = new ExperimentFolder(Path.Combine(root, "results", "killed")).ReadRun()!;
        Assert.Matches(@"^[0-9a-f]{40}( with uncommitted changes)?$", record.GitCommit);
        Assert.Equal("TorchSharp-cpu", record.TorchsharpPackage);
        Assert.Equal(typeof(TorchSharp.torch).Assembly.GetName().Version!.ToString(3), record.TorchsharpVersion);
        Assert.Matches(@"^\d+\.\d+\.\d+", record.LibtorchVersion);
        Assert.Equal(["cpu"], record.Devices);
        Assert.Equal($"pipeline run {file} --results {Results("killed")}", record.CommandLine);
        Assert.True(record.Started < record.Finished && record.Finished <= DateTimeOffset.UtcNow);
        var report = File.ReadAllText(Path.Combine(root, "results", "killed", "report.html"));
        Assert.Contains(record.GitCommit!, report);
        Assert.Contains(record.LibtorchVersion!, report);
        Assert.DoesNotContain("versions are unknown", report);
    }

    [UnixFact]
    public void CtrlCStopsCleanlyAndTheJobResumesFromItsCheckpoint()
    {
        // Enough epochs that the job is still training well after its first checkpoint (an epoch takes ~0.5 s).
        var file = Experiment("interrupted", methods: "[np]", epochs: 8);
        var jobs = Jobs(file);
        var results = Results("interrupted");
        int code;
        string output;
        using (var run = new PipelineProcess("run", file, "--results", results))
        {
            var deadline = DateTime.UtcNow + Limit;
            while (!jobs.Any(j => File.Exists(j.Folder.File(JobFolder.CheckpointFile))))
            {
                Assert.True(DateTime.UtcNow < deadline, $"no job reached its first checkpoint:\n{run.Output}");
                Thread.Sleep(100);
            }
            run.Interrupt();
            code = run.WaitForExit(Limit);
            output = run.Output;
        }

        Assert.True(code == 1, output);
        var stopped = jobs.Single(j => File.Exists(j.Folder.File(JobFolder.CheckpointFile))).Folder;
        var status = stopped.ReadStatus()!;
        Assert.Equal(JobState.Pending, status.State);
        Assert.Contains("interrupted", status.Message);
        Assert.Empty(status.Failures);
        Assert.Contains("interrupted: checkpoint written", File.ReadAllText(Path.Combine(stopped.File(JobFolder.LogsFolder), "attempt-1.log")));
        Assert.False(JobLease.IsHeld(stopped));

        Assert.True(PipelineProcess.Run(Limit, out var rerun, "run", file, "--results", results) == 0, rerun);
        Assert.Contains("resuming from checkpoint.safetensors", rerun);
        Assert.All(jobs, j => Assert.Equal(JobState.Finished, j.Folder.ReadStatus()!.State));
    }

    [UnixFact]
    public void AnAttackStartsOnceItsModelHasFinishedAndNeverOnAModelThatFailed()
    {
        var file = Experiment("attacked", crashRetries: 0, epochs: 1,
                              attacks: "attacks: {fine_tuning: {fractions: [0.5], epochs: 1}, key_estimation: {random_keys: 2, local_queries: 2, query_images: 1}}");
        var jobs = Jobs(file);
        var failing = jobs.Single(j => j.Job.Method == "shf" && j.Job.Attack is null);
        Directory.CreateDirectory(failing.Folder.Weights);

        var code = PipelineProcess.Run(Limit, out var output, "run", file, "--results", Results("attacked"), "--cpu-jobs", "2");

        Assert.True(code == 1, output);
        var lines = output.Split('\n');
        int Line(string text) => Array.FindIndex(lines, l => l.Contains(text));
        foreach (var (job, folder) in jobs.Where(j => j.Job.Attack is not null))
        {
            if ((job as AttackOnModelJob)?.Target == failing.Job.Id)
            {
                Assert.Contains($"job {job.Id} ({job.Label}) waits: the model it attacks, job {failing.Job.Id}, has not finished", output);
                Assert.False(Directory.Exists(folder.File(JobFolder.LogsFolder)), $"{job.Label} ran against a failed model");
                continue;
            }
            Assert.True(folder.IsFinished, $"{job.Label} did not finish:\n{output}");
            // The model has finished once its metrics.json exists (its process may still be printing its last line):
            // the attack's process starts after that file was written.
            if (job is AttackOnModelJob { Target: var target })
            {
                var metricsWritten = File.GetLastWriteTimeUtc(jobs.Single(j => j.Job.Id == target).Folder.File(JobFolder.MetricsFile));
                Assert.True(folder.ReadStatus()!.Started >= metricsWritten, $"{job.Label} started before its model had finished:\n{output}");
            }
        }
        // The np model's fine-tuning and key estimation, and the model from scratch.
        Assert.Equal(3, jobs.Count(j => j.Job.Attack is not null && j.Folder.IsFinished));
        // Three models on two slots leave one free while the last model runs: an attack takes it.
        var lastModelEnd = jobs.Where(j => j.Job.Attack is null).Max(j => Math.Max(Line($"[{j.Job.Id}] finished:"), Line($"[{j.Job.Id}] failed:")));
        var firstAttackStart = jobs.Where(j => j.Job.Attack is not null).Select(j => Line($"job {j.Job.Id} ({j.Job.Label}) starts")).Where(l => l >= 0).Min();
        Assert.True(firstAttackStart < lastModelEnd, $"no attack started before the last model ended:\n{output}");
        Assert.Contains("failed for good", output);

        // The key's seed is in key.secret only: not in the run's output, nor in any log, status, job.yaml, metrics
        // or report file it wrote (weights and images are binary; search.secret holds guesses, never the key).
        Assert.DoesNotContain("12345678", output);
        var written = Directory.EnumerateFiles(Path.Combine(root, "results", "attacked"), "*", SearchOption.AllDirectories)
            .Where(p => Path.GetExtension(p) is not (".secret" or ".safetensors" or ".png")).ToList();
        Assert.Contains(written, p => p.EndsWith("report.html", StringComparison.Ordinal));
        Assert.Contains(written, p => p.EndsWith(".log", StringComparison.Ordinal));
        Assert.All(written, p => Assert.DoesNotContain("12345678", File.ReadAllText(p)));
    }

    [UnixFact]
    public void AFailingJobIsRetriedThenReportedWithoutStoppingTheOthers()
    {
        var file = Experiment("failing", methods: "[shf]", crashRetries: 1);
        var jobs = Jobs(file);
        var broken = jobs.Single(j => j.Job.Method == "shf").Folder;
        // A folder where the weights go makes every attempt of this job fail as it saves them.
        Directory.CreateDirectory(broken.Weights);

        // Two CPU slots: the baseline runs beside the failing job's attempts.
        var code = PipelineProcess.Run(Limit, out var output, "run", file, "--results", Results("failing"), "--cpu-jobs", "2");

        Assert.Equal(1, code);
        Assert.Contains("starts on cpu/1", output);
        Assert.Contains("starts on cpu/2", output);
        var status = broken.ReadStatus()!;
        Assert.Equal(JobState.Failed, status.State);
        Assert.Equal(FailureKind.Crash, status.FailureKind);
        Assert.Equal(2, status.Attempts);
        Assert.Equal(2, broken.AttemptLogCount);
        Assert.Contains("retrying", output);
        Assert.Contains("failed for good", output);
        var baseline = jobs.Single(j => j.Job.Method == "baseline").Folder;
        Assert.Equal(JobState.Finished, baseline.ReadStatus()!.State);
    }

    [UnixFact]
    public void TwoWorkersOnOneResultsFolderNeverRunAJobTwice()
    {
        var file = Experiment("shared");
        var results = Results("shared");
        using var first = new PipelineProcess("run", file, "--results", results);
        using var second = new PipelineProcess("run", file, "--results", results);
        Assert.True(first.WaitForExit(Limit) == 0, first.Output);
        Assert.True(second.WaitForExit(Limit) == 0, second.Output);
        foreach (var (job, folder) in Jobs(file))
        {
            Assert.Equal(JobState.Finished, folder.ReadStatus()!.State);
            Assert.Equal(1, folder.ReadStatus()!.Attempts);
            Assert.Equal(1, folder.AttemptLogCount);
        }
    }

    [UnixFact]
    public void AJobAnotherWorkerRunsLeavesItsSlotToTheOthers()
    {
        var file = Experiment("held", methods: "[shf]", epochs: 1);
        var jobs = Jobs(file);
        // The baseline comes first; another worker holds its lease, and this run has one slot.
        var (held, other) = (jobs.Single(j => j.Job is BaselineJob).Folder, jobs.Single(j => j.Job is not BaselineJob).Folder);
        using var run = new PipelineProcess("run", file, "--results", Results("held"));
        using (JobLease.TryAcquire(held))
        {
            var deadline = DateTime.UtcNow + Limit;
            while (!other.IsFinished)
            {
                Assert.True(DateTime.UtcNow < deadline, $"the free slot waited on the held job instead of running the other:\n{run.Output}");
                Thread.Sleep(100);
            }
            Assert.False(held.IsFinished);
        }

        Assert.True(run.WaitForExit(Limit) == 0, run.Output);
        Assert.Contains("is being run by another worker; running others meanwhile", run.Output);
        Assert.True(held.IsFinished);
        Assert.Equal(1, held.ReadStatus()!.Attempts);
    }
}
