namespace Pipeline.Tests.Shared;

/// <summary>
/// Tests that need the process to themselves run alone, after the parallel ones: those whose results depend on
/// libtorch's process-wide random generator (training, seeded sampling: a test building a module on another thread
/// would draw from it too) and those that read the process's own counters (page faults).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideCollection
{
    public const string Name = "process-wide state";
}
