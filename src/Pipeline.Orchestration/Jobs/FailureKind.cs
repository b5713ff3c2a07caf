namespace Pipeline.Orchestration.Jobs;

/// <summary>
/// Why an attempt failed. The job's own failures each have a retry budget (<see cref="Config.RetryPolicy"/>);
/// the machine's (<see cref="Device"/>, <see cref="Storage"/>) are not the job's fault and count against none.
/// </summary>
public enum FailureKind
{
    /// <summary>The device ran out of memory.</summary>
    Oom,

    /// <summary>The job process exited with an error or died (kill -9, lost node, lost lease).</summary>
    Crash,

    /// <summary>A Slurm time limit or preemption ended the attempt.</summary>
    Timeout,

    /// <summary>The dataset or initial weights cannot be used (<see cref="JobInputException"/>): never retried.</summary>
    Input,

    /// <summary>The device cannot be used (no CUDA in this build, no such GPU, a lost GPU): not counted, not retried in this run.</summary>
    Device,

    /// <summary>The results cannot be written (disk full, read-only file system, no permission): not counted, not retried in this run.</summary>
    Storage,
}
