namespace Pipeline.Orchestration.Running;

/// <summary>
/// The exit codes of every `pipeline` command, defined once: 0 done, 1 something failed (or a run was stopped),
/// 2 bad input. `pipeline job` adds the codes that tell the worker what became of an attempt.
/// </summary>
public static class ExitCodes
{
    public const int Finished = 0;
    public const int Failed = 1;

    /// <summary>A bad experiment file, argument or data: nothing was run or written.</summary>
    public const int BadInput = 2;

    public const int OutOfMemory = 3;

    /// <summary>
    /// The machine failed the job, not the job itself: its device cannot be used or its results cannot be written
    /// (sysexits' EX_UNAVAILABLE). The attempt is not counted against the job's retries.
    /// </summary>
    public const int Unavailable = 69;

    /// <summary>An error the pipeline did not expect (sysexits' EX_SOFTWARE): one line on the terminal, the details in a log it names.</summary>
    public const int Internal = 70;

    /// <summary>Another live process holds the job's lease (sysexits' EX_TEMPFAIL).</summary>
    public const int LeaseHeld = 75;

    /// <summary>Stopped by Ctrl+C or SIGTERM after checkpointing (128 + SIGINT).</summary>
    public const int Interrupted = 130;
}
