using Pipeline.Orchestration.Jobs;

namespace Pipeline.Orchestration.Tests;

/// <summary>What tests look at in a job of any kind: its method and key when it has them.</summary>
internal static class JobParts
{
    public static KeyedMethod? Keyed(this Job job) => (job as KeyedModelJob)?.Protection;
}
