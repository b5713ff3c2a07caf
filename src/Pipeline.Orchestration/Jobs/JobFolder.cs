using Pipeline.Method;
using System.Text.Json;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Keys;
using Pipeline.TorchExtensions;

namespace Pipeline.Orchestration.Jobs;

/// <summary>
/// One job's folder, the only place that knows its files: job.yaml (the resolved job without its key), key.secret
/// (the seed, readable by the owner only), status.json, metrics.json (the job is finished when it exists),
/// weights.safetensors, checkpoint.safetensors (a key estimation: search.secret), logs/attempt-N.log and the lease.
/// Every write is atomic.
/// <c>pipeline job JOBDIR</c> needs nothing else.
/// </summary>
public sealed class JobFolder(string path)
{
    public const string JobFile = "job.yaml";
    public const string KeyFile = "key.secret";
    public const string StatusFile = "status.json";
    public const string MetricsFile = "metrics.json";
    public const string WeightsFile = "weights.safetensors";
    public const string CheckpointFile = "checkpoint.safetensors";
    /// <summary>A key estimation's progress, its best guess included: owner-only, deleted when the job finishes.</summary>
    public const string SearchStateFile = "search.secret";
    public const string LogsFolder = "logs";
    public const string LeaseFile = "lease";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public string Path { get; } = path;

    /// <summary>The job's id: the folder's name.</summary>
    public string Id => System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(Path));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Weights => File(WeightsFile);
    public string Checkpoint => File(CheckpointFile);

    /// <summary>Where the trainer sets a checkpoint it cannot use aside, for a look (removed once the job finishes).</summary>
    public string DamagedCheckpoint => File(CheckpointFile + ".damaged");
    public string SearchState => File(SearchStateFile);

    /// <summary>A key estimation's saved state, or null when it has none (or an unreadable one, which restarts the search).</summary>
    public Method.Attacks.KeyEstimationState? ReadSearchState()
    {
        if (!System.IO.File.Exists(SearchState)) return null;
        try
        {
            return JsonSerializer.Deserialize<Method.Attacks.KeyEstimationState>(System.IO.File.ReadAllText(SearchState), JsonFiles.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void WriteSearchState(Method.Attacks.KeyEstimationState state) =>
        AtomicFile.WriteAllText(SearchState, JsonSerializer.Serialize(state, JsonFiles.Options), OwnerOnly);

    public void WriteJob(Job job)
    {
        Directory.CreateDirectory(Path);
        // The key first: a job.yaml without its key.secret beside it would be unrunnable.
        if (job is KeyedModelJob { Protection.Key: { } key })
            AtomicFile.WriteAllText(File(KeyFile), key.Text + "\n", OwnerOnly);
        AtomicFile.WriteAllText(File(JobFile), JobYaml.Serialize(job));
    }

    /// <summary>The job as job.yaml describes it, without its key (what reports need), checked against the folder's name (the id).</summary>
    /// <exception cref="EarlierJobVersionException">The folder is a job of an earlier id version.</exception>
    /// <exception cref="InvalidDataException">job.yaml is not a job, or not this folder's.</exception>
    public Job ReadJobWithoutKey()
    {
        Job job;
        try
        {
            job = JobYaml.Deserialize(System.IO.File.ReadAllText(File(JobFile)));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new InvalidDataException(DamagedJobFile($"is not a job ({e.Message})"), e);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException(DamagedJobFile($"is not a job ({e.Message})"), e);
        }
        if (job.Id == Id) return job;
        if (JobId.EarlierVersion(job, Id) is { } version) throw new EarlierJobVersionException(File(JobFile), version, job);
        throw new InvalidDataException(DamagedJobFile($"describes job {job.Id}, not {Id}: it was edited or moved"));
    }

    // `pipeline run` saves every job of its experiment, job.yaml included, before it looks at the job's state.
    private string DamagedJobFile(string why) =>
        $"{File(JobFile)} {why}; `pipeline run` of its experiment writes it again (the job's results are kept), or move {Path} out of jobs/";

    /// <summary>The experiment folder around this job folder (RESULTS/&lt;experiment&gt;/jobs/&lt;id&gt; → RESULTS/&lt;experiment&gt;).</summary>
    public ExperimentFolder Experiment => new(System.IO.Path.GetDirectoryName(System.IO.Path.GetDirectoryName(System.IO.Path.TrimEndingDirectorySeparator(Path)))!);

    /// <summary>The job with its key from key.secret, checked against the fingerprint under the experiment's secret.</summary>
    public Job ReadJob()
    {
        var read = ReadJobWithoutKey();
        if (read is not KeyedModelJob job) return read;
        var fingerprint = job.Protection.KeyFingerprint;
        var key = SecretKey.Parse(System.IO.File.ReadAllText(File(KeyFile)));
        // The fingerprint covers the key's kind too (SecretKey's material starts with it).
        if (key is null || Experiment.ExistingFingerprinter()?.Of(key) != fingerprint)
            throw new InvalidDataException($"{File(KeyFile)} does not hold the key with fingerprint {fingerprint} "
                                           + $"(under {Experiment.FingerprintSecretFile}, which must come with the results)");
        return job with { Protection = job.Protection with { Key = key } };
    }

    /// <summary>The recorded status, or null before the job was ever saved.</summary>
    /// <exception cref="InvalidDataException">status.json is damaged; the message names it and what to do.</exception>
    public JobStatus? ReadStatus()
    {
        if (!System.IO.File.Exists(File(StatusFile))) return null;
        try
        {
            return JobStatus.FromJson(System.IO.File.ReadAllText(File(StatusFile)));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{File(StatusFile)} is damaged ({TorchErrors.FirstLine(e).TrimEnd('.')}); delete it: the job keeps its "
                                           + "results and checkpoint, and its retry count starts again", e);
        }
    }

    public void WriteStatus(JobStatus status)
    {
        Directory.CreateDirectory(Path);
        AtomicFile.WriteAllText(File(StatusFile), status.ToJson());
    }

    /// <summary>A job is finished exactly when its metrics.json exists (written last, atomically).</summary>
    public bool IsFinished => System.IO.File.Exists(File(MetricsFile));

    /// <summary>Finished when its metrics exist, else what status.json records (pending without one).</summary>
    public JobState State => IsFinished ? JobState.Finished : ReadStatus()?.State ?? JobState.Pending;

    /// <summary>
    /// What to tell a person of the job now, reading only: <see cref="State"/>, but stopped for a job recorded running that
    /// no live process holds the lease of, pending for a job recorded finished whose metrics.json is gone (a run trains it
    /// again), and damaged (with the problem) where its status or metrics cannot be read.
    /// </summary>
    public (JobState State, string? Problem) Observe()
    {
        try
        {
            var finished = ReadMetrics() is not null;
            var state = ReadStatus()?.State ?? JobState.Pending;
            return (finished ? JobState.Finished
                    : state == JobState.Running && !JobLease.IsHeld(this) ? JobState.Stopped
                    : state == JobState.Finished ? JobState.Pending
                    : state, null);
        }
        catch (InvalidDataException e)
        {
            return (JobState.Damaged, e.Message);
        }
    }

    public void WriteMetrics(JobMetrics metrics) =>
        AtomicFile.WriteAllText(File(MetricsFile), JsonSerializer.Serialize(metrics, JsonFiles.Options));

    /// <summary>metrics.json, or null before the job finished.</summary>
    /// <exception cref="InvalidDataException">The file exists but does not hold metrics.</exception>
    public JobMetrics? ReadMetrics()
    {
        if (!IsFinished) return null;
        try
        {
            return JsonSerializer.Deserialize<JobMetrics>(System.IO.File.ReadAllText(File(MetricsFile)), JsonFiles.Options)
                   ?? throw new JsonException("it holds null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{File(MetricsFile)} is damaged ({TorchErrors.FirstLine(e).TrimEnd('.')}); delete it and run the experiment "
                                           + "again: the job trains again", e);
        }
    }

    /// <summary>A new log for the attempt (logs/attempt-N.log), never overwriting an earlier one.</summary>
    public StreamWriter OpenAttemptLog(int attempt) => AttemptLog.Open(File(LogsFolder), attempt);

    public int AttemptLogCount => Directory.Exists(File(LogsFolder)) ? Directory.GetFiles(File(LogsFolder)).Length : 0;
}
