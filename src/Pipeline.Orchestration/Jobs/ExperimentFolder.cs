namespace Pipeline.Orchestration.Jobs;

/// <summary>An experiment's results on disk, RESULTS/&lt;experiment&gt;/: its jobs (jobs/&lt;id&gt;/), run.json and the report beside them.</summary>
public sealed class ExperimentFolder(string path)
{
    public ExperimentFolder(string resultsRoot, string experiment) : this(System.IO.Path.Combine(resultsRoot, experiment))
    {
    }

    public string Path { get; } = path;

    public string Name => System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(Path));

    public string JobsDirectory => System.IO.Path.Combine(Path, "jobs");

    public string RunFile => System.IO.Path.Combine(Path, "run.json");

    public JobFolder Job(string id) => new(System.IO.Path.Combine(JobsDirectory, id));

    /// <summary>run.json, or null when there is none or it is damaged.</summary>
    public RunRecord? ReadRun() => File.Exists(RunFile) ? RunRecord.FromJson(File.ReadAllText(RunFile)) : null;

    public void WriteRun(RunRecord run)
    {
        Directory.CreateDirectory(Path);
        Pipeline.TorchExtensions.AtomicFile.WriteAllText(RunFile, run.ToJson());
    }

    /// <summary>Every job folder present, by id.</summary>
    public IReadOnlyList<JobFolder> Jobs() => Directory.Exists(JobsDirectory)
        ? Directory.GetDirectories(JobsDirectory).Order(StringComparer.Ordinal).Select(d => new JobFolder(d)).ToList()
        : [];

    /// <summary>Writes the job's files; a job seen for the first time starts pending, a known one keeps its status.</summary>
    public JobFolder Save(Job job)
    {
        var folder = Job(job.Id);
        folder.WriteJob(job);
        if (folder.ReadStatus() is null) folder.WriteStatus(JobStatus.Pending);
        return folder;
    }
}
