namespace Pipeline.Orchestration.Jobs;

/// <summary>Where a job stands, as recorded in its status.json.</summary>
public enum JobState
{
    Pending,
    Running,
    Finished,

    /// <summary>Failed with its retry budget spent.</summary>
    Failed,
}
