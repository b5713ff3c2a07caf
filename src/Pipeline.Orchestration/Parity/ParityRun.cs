using Pipeline.Method;
using System.Text.Json;
using Pipeline.Method.Data;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Models;
using Pipeline.Orchestration.Jobs;
using Pipeline.TorchExtensions;

namespace Pipeline.Orchestration.Parity;

/// <summary>One seed of a parity run: our job's metrics beside the PyTorch reference's outcome, trained from the same recipe and images.</summary>
public sealed record ParitySeed(int Seed, string JobId, JobMetrics Ours, ReferenceOutcome Reference);

/// <summary>
/// Trains a job with our pipeline and with the PyTorch reference (bench/reference_train.py) on the same images, once per
/// training seed (the job's seed, then the next ones), in its own folder: <c>ours/</c> is an experiment folder of the
/// seeds' jobs, <c>reference/&lt;job id&gt;.json</c> each reference outcome, <c>data/</c> the job's splits as both read
/// them. A run stopped and started again keeps what either side finished (the ids are the jobs' own).
/// </summary>
public sealed class ParityRun(Job job, string folder, DeviceId device, int threads, Action<string> log)
{
    public string OursFolder => Path.Combine(folder, "ours");
    public string ReferenceFolder => Path.Combine(folder, "reference");
    public string DataFolder => Path.Combine(folder, "data");
    private string KeyMaterialFile => Path.Combine(folder, "keys.json");

    /// <summary>Both sides for each seed, in turn; what they do goes to the log, each line headed by the seed and the side.</summary>
    /// <exception cref="ReferenceFailedException">The reference could not run or failed.</exception>
    /// <exception cref="JobInputException">The dataset or initial weights cannot be used.</exception>
    public IReadOnlyList<ParitySeed> Run(int seeds, CancellationToken cancellation)
    {
        if (job.Attack is not null) throw new ArgumentException($"{job.Label} is an attack: parity compares the training of a model");
        var store = new ExperimentFolder(OursFolder);
        // Both sides name the incorrect keys by fingerprints under this folder's secret.
        var fingerprints = store.Fingerprinter();
        var jobs = Enumerable.Range(0, seeds).Select(s => job.WithTraining(job.Training with { Seed = job.Training.Seed + s })).ToList();
        Directory.CreateDirectory(ReferenceFolder);
        WriteData(jobs.Any(j => !File.Exists(ReferenceFile(j))));
        var results = new List<ParitySeed>();
        try
        {
            if (job is MethodJob keyed && jobs.Any(j => !File.Exists(ReferenceFile(j))))
                ReferenceKeyMaterial.Write(KeyMaterialFile, ReferenceKeyMaterial.Of(keyed, FcnResNet.DepthOf(job.Model.Arch), job.Evaluation.IncorrectKeys, fingerprints));
            foreach (var seeded in jobs)
            {
                var ours = Ours(store, seeded, cancellation);
                var reference = Reference(seeded, cancellation);
                results.Add(new ParitySeed(seeded.Training.Seed, seeded.Id, ours, reference));
            }
        }
        finally
        {
            File.Delete(KeyMaterialFile);
        }
        return results;
    }

    private JobMetrics Ours(ExperimentFolder store, Job seeded, CancellationToken cancellation)
    {
        void Log(string line) => log($"seed {seeded.Training.Seed}, ours: {line}");
        var jobFolder = store.Job(seeded.Id);
        if (jobFolder.ReadMetrics() is { } finished)
        {
            Log($"finished before (job {seeded.Id})");
            return finished;
        }
        store.Save(seeded);
        return new TrainingRunner(seeded, jobFolder, device, Log).Run(cancellation);
    }

    private ReferenceOutcome Reference(Job seeded, CancellationToken cancellation)
    {
        void Log(string line) => log($"seed {seeded.Training.Seed}, PyTorch: {line}");
        var file = ReferenceFile(seeded);
        if (File.Exists(file))
        {
            Log($"finished before ({Path.GetFileName(file)})");
            return JsonSerializer.Deserialize<ReferenceOutcome>(File.ReadAllText(file), JsonFiles.Options)!;
        }
        Log($"bench/{ReferenceTrainer.Script}, torch from {PythonReference.Interpreter}");
        var outcome = ReferenceTrainer.Run(seeded, new ReferenceOptions
        {
            DataFolder = DataFolder, KeyMaterialFile = job is MethodJob ? KeyMaterialFile : null, Device = device, Threads = threads,
        }, e => Log(e.Describe(seeded.Training.Epochs)), cancellation);
        AtomicFile.WriteAllText(file, JsonSerializer.Serialize(outcome, JsonFiles.Options));
        return outcome;
    }

    private string ReferenceFile(Job seeded) => Path.Combine(ReferenceFolder, seeded.Id + ".json");

    // The job's splits exactly as our side loads them, for the reference; written afresh whenever the reference has work.
    private void WriteData(bool needed)
    {
        if (!needed) return;
        if (Directory.Exists(DataFolder)) Directory.Delete(DataFolder, recursive: true);
        using var dataset = TrainingRunner.LoadDataset(job);
        VocWriter.WriteExact(dataset, DataFolder);
    }
}
