namespace Pipeline.Orchestration.Jobs;

/// <summary>
/// A job folder written under an earlier <see cref="JobId.Version"/>: its job.yaml is intact, but this version gives the
/// same job another id, so a run would train it again beside the old one. Results folders name such jobs rather
/// than use or mix them. An <see cref="IOException"/>, as the folder's other read errors are, so that whatever reads a
/// folder without caring why it is unusable treats it alike.
/// </summary>
public sealed class EarlierJobVersionException(string file, string version, Job job)
    : IOException($"{file} is a job of an earlier job-id version ({version}; this pipeline writes {JobId.Version}): this version gives it the id {job.Id}")
{
    public string Version { get; } = version;

    /// <summary>The job as its job.yaml describes it.</summary>
    public Job Job { get; } = job;
}
