namespace Pipeline.Orchestration.Running;

/// <summary>What the worker finished with; read by `pipeline run` after the host stops.</summary>
public sealed class RunOutcome
{
    private int finished, failed, unfinished;

    public int Finished => finished;
    public int Failed => failed;
    /// <summary>Jobs left pending (the run was stopped before they ran or finished).</summary>
    public int Unfinished => unfinished;
    public bool Completed { get; set; }

    /// <summary>What stopped the worker before the jobs were done, other than a stop request; null when nothing did.</summary>
    public Exception? Error { get; set; }

    public void AddFinished() => Interlocked.Increment(ref finished);
    public void AddFailed() => Interlocked.Increment(ref failed);
    public void AddUnfinished() => Interlocked.Increment(ref unfinished);

    /// <summary>0 when every job finished, 1 otherwise (some failed, or the run was stopped).</summary>
    public int ExitCode => Completed && failed == 0 && unfinished == 0 ? 0 : 1;
}
