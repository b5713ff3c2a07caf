using Pipeline.Method.Keys;
using Pipeline.Method.Transforms;
using Pipeline.Torch;

namespace Pipeline.Method.Tests;

[CollectionDefinition(nameof(LeakTests), DisableParallelization = true)]
public sealed class LeakTestsCollection;

/// <summary>Counts process-wide native tensors, so it runs alone, after the parallel tests.</summary>
[Collection(nameof(LeakTests))]
public class LeakTests
{
    [Fact]
    public void TransformsLeaveNoTensorsBehind()
    {
        using var images = TestImages.Random8Bit(1, 8, 8, 1);
        foreach (var method in MethodRegistry.Names)
        {
            using var transform = MethodRegistry.Create(method, 2, new SecretKey(3));
            RoundTrip(transform, images); // builds the cached key tensors
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = torch.live_tensors;
            RoundTrip(transform, images);
            Assert.Equal(before, torch.live_tensors);
        }
    }

    private static void RoundTrip(BlockTransform transform, Tensor images)
    {
        using var encrypted = transform.Apply(images);
        transform.Invert(encrypted).Dispose();
    }
}
