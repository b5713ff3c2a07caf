namespace Pipeline.Orchestration.Jobs;

/// <summary>Why an attempt failed; each kind has its own retry budget (<see cref="Config.RetryPolicy"/>).</summary>
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
}
