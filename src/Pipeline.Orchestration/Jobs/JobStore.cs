namespace Pipeline.Orchestration.Jobs;

/// <summary>An experiment's jobs on disk: RESULTS/&lt;experiment&gt;/jobs/&lt;id&gt;/.</summary>
public sealed class JobStore(string resultsRoot, string experiment)
{
    public string JobsDirectory { get; } = Path.Combine(resultsRoot, experiment, "jobs");

    public JobFolder Folder(string id) => new(Path.Combine(JobsDirectory, id));

    /// <summary>Writes the job's files; a job seen for the first time starts pending, a known one keeps its status.</summary>
    public JobFolder Save(JobSpec job)
    {
        var folder = Folder(job.Id);
        folder.WriteJob(job);
        if (folder.ReadStatus() is null) folder.WriteStatus(JobStatus.Pending);
        return folder;
    }

    /// <summary>The job's recorded state; pending when it has no folder yet.</summary>
    public JobState StateOf(string id) => Folder(id).ReadStatus()?.State ?? JobState.Pending;
}
