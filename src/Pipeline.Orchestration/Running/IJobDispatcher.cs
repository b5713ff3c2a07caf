using Pipeline.Orchestration.Jobs;

namespace Pipeline.Orchestration.Running;

/// <summary>
/// Where and how attempts run: child processes on this machine's devices (<see cref="LocalDispatcher"/>) or a Slurm
/// array (<see cref="SlurmDispatcher"/>). The worker decides which jobs run and what becomes of each; a dispatcher
/// only runs one round of attempts and says how each ended.
/// </summary>
public interface IJobDispatcher
{
    /// <summary>
    /// Runs one attempt of each job as soon as <paramref name="ready"/> says it may start (an attack once its model has
    /// finished) and returns, once all have ended, how each ended. A job that is not ready when nothing else of the
    /// round is left to run is not run and has no end: the worker offers it again in a later round.
    /// </summary>
    Task<IReadOnlyList<AttemptEnd>> RunAsync(int round, IReadOnlyList<JobFolder> jobs, Func<JobFolder, bool> ready, CancellationToken stopping);
}

/// <summary>How one attempt ended, as far as the dispatcher can tell; the job folder tells the rest.</summary>
/// <param name="Job">The job folder.</param>
/// <param name="Outcome">What the dispatcher saw.</param>
/// <param name="Kind">The failure to record when the job did not record its own (or its own is not to be trusted).</param>
/// <param name="Message">The message of that failure.</param>
/// <param name="TrustRecordedFailure">Whether a failure the job recorded in status.json stands (a Slurm time limit overrides it).</param>
public sealed record AttemptEnd(JobFolder Job, AttemptOutcome Outcome, FailureKind Kind = FailureKind.Crash, string Message = "",
                                bool TrustRecordedFailure = true)
{
    /// <summary>Nothing to record: the worker looks at the folder again (the job finished, or its lease was busy).</summary>
    public static AttemptEnd Recheck(JobFolder job) => new(job, AttemptOutcome.Recheck);

    /// <summary>Another worker is running the job: this run leaves it alone.</summary>
    public static AttemptEnd Elsewhere(JobFolder job) => new(job, AttemptOutcome.Elsewhere);
}

public enum AttemptOutcome
{
    /// <summary>The attempt ran and ended; unless the job finished, a failure is recorded.</summary>
    Ended,
    Recheck,
    Elsewhere,

    /// <summary>The machine failed the attempt (<see cref="Jobs.InfrastructureFailure"/>): not counted, not retried in this run.</summary>
    Unavailable,
}
