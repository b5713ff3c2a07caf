using System.Collections.Concurrent;

namespace Pipeline.Orchestration.Running;

/// <summary>What the worker finished with; read by `pipeline run` after the host stops.</summary>
public sealed class RunOutcome
{
    private int finished, failed, unfinished;
    private readonly ConcurrentQueue<string> notes = new();

    public int Finished => finished;
    public int Failed => failed;
    /// <summary>Jobs left pending (the run was stopped before they ran or finished).</summary>
    public int Unfinished => unfinished;
    public bool Completed { get; set; }

    /// <summary>What stopped the worker before the jobs were done, other than a stop request; null when nothing did.</summary>
    public Exception? Error { get; set; }

    /// <summary>
    /// One line per job the run left undone for a reason the user must act on (failed for good, or stopped by the machine),
    /// with what to do: the live view's terminal gets them after its last frame, as the plain log lines already say them.
    /// </summary>
    public IReadOnlyCollection<string> Notes => notes;

    public void AddNote(string line) => notes.Enqueue(line);

    public void AddFinished() => Interlocked.Increment(ref finished);
    public void AddFailed() => Interlocked.Increment(ref failed);
    public void AddUnfinished() => Interlocked.Increment(ref unfinished);

    /// <summary>0 when every job finished, 1 otherwise (some failed, or the run was stopped).</summary>
    public int ExitCode => Completed && failed == 0 && unfinished == 0 ? 0 : 1;
}
