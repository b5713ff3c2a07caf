namespace Pipeline.Orchestration.Running;

/// <summary>How `pipeline job` tells the worker what happened to an attempt.</summary>
public static class JobExitCodes
{
    public const int Finished = 0;
    public const int Failed = 1;
    public const int BadInput = 2;
    public const int OutOfMemory = 3;
    /// <summary>Another live process holds the job's lease (sysexits' EX_TEMPFAIL).</summary>
    public const int LeaseHeld = 75;
    /// <summary>Stopped by Ctrl+C or SIGTERM after checkpointing (128 + SIGINT).</summary>
    public const int Interrupted = 130;
}
