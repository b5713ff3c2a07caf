using Pipeline.Orchestration.Config;
using Pipeline.Orchestration.Jobs;

namespace Pipeline.Orchestration.Running;

/// <summary>Whether a failed job may run again: each failure kind is counted against its own budget.</summary>
public static class RetryRules
{
    public static bool HasBudget(JobStatus status, RetryPolicy retries)
    {
        var kind = status.FailureKind ?? FailureKind.Crash;
        return status.FailuresOf(kind) <= retries.For(kind);
    }
}
