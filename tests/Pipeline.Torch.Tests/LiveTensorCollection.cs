namespace Pipeline.Torch.Tests;

/// <summary>
/// Test classes that read process-wide state run alone, after the parallel ones: torch.live_tensors counts every
/// thread's tensors, and manual_seed reseeds the one default generator that every thread draws from.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LiveTensorCollection
{
    public const string Name = "live tensor counts";

    /// <summary>The live tensor count once pending finalizers have run, so earlier leaks do not vanish mid-measurement.</summary>
    public static long Settled()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return torch.live_tensors;
    }
}
