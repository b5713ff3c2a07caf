namespace Pipeline.TorchExtensions.Tests;

/// <summary>
/// Tests that need the whole process to themselves: the global CPU generator (seeded and then drawn from, while any
/// other test building a module would draw from it too) and the process's page-fault counter. xunit runs this
/// collection alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideCollection
{
    public const string Name = "process-wide state";
}
