namespace Pipeline.Orchestration.Jobs;

/// <summary>
/// Where a job stands. Pending, running, finished and failed are recorded in its status.json; stopped and damaged are
/// only observed (<see cref="JobFolder.Observe"/>), never recorded.
/// </summary>
public enum JobState
{
    Pending,
    Running,
    Finished,

    /// <summary>Failed with its retry budget spent.</summary>
    Failed,

    /// <summary>Recorded as running, but no process holds its lease: it died (kill -9, a lost node); the next run resumes it.</summary>
    Stopped,

    /// <summary>Its status.json or metrics.json cannot be read.</summary>
    Damaged,
}
