using Pipeline.Orchestration.Jobs;

namespace Pipeline.Orchestration.Config;

/// <summary>The <c>retries</c> section: how many more attempts a job gets after each kind of failure.</summary>
public sealed record RetryPolicy
{
    /// <summary>Out of memory: usually repeats unless something else changes (e.g. accumulate: auto halves the micro-batch).</summary>
    public required int Oom { get; init; }

    /// <summary>The job process died or failed for another reason.</summary>
    public required int Crash { get; init; }

    /// <summary>A Slurm time limit or preemption: the job resumes from its checkpoint, so it is cheap to retry.</summary>
    public required int Timeout { get; init; }

    public static RetryPolicy Default { get; } = new() { Oom = 1, Crash = 2, Timeout = 3 };

    public int For(FailureKind kind) => kind switch
    {
        FailureKind.Oom => Oom,
        FailureKind.Crash => Crash,
        FailureKind.Timeout => Timeout,
        // The same files would fail the same way.
        FailureKind.Input => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    internal static RetryPolicy Read(ConfigSection s)
    {
        var policy = new RetryPolicy
        {
            Oom = s.Field("oom")?.Int(0, 100) ?? Default.Oom,
            Crash = s.Field("crash")?.Int(0, 100) ?? Default.Crash,
            Timeout = s.Field("timeout")?.Int(0, 100) ?? Default.Timeout,
        };
        s.RejectUnknown();
        return policy;
    }
}
