namespace Pipeline.Tests.Shared;

/// <summary>
/// Tests whose results depend on libtorch's process-wide random generator (training, seeded sampling) run
/// alone: a test class running beside them on another thread would draw from the same generator.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalGeneratorCollection
{
    public const string Name = "global generator";
}
