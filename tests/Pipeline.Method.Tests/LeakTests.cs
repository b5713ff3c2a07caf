using Pipeline.Method.Keys;
using Pipeline.Method.Transforms;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Method.Tests;

/// <summary>Counts the live tensors of this test's thread (TorchSharp's dispose-scope statistics).</summary>
public class LeakTests
{
    [Fact]
    public void TransformsLeaveNoTensorsBehind()
    {
        using var images = TestImages.Random8Bit(1, 8, 8, 1);
        foreach (var method in MethodRegistry.BlockwiseNames)
        {
            using var transform = MethodRegistry.Create(method, 2, new SecretKey(3));
            RoundTrip(transform, images); // builds the cached key tensors
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            RoundTrip(transform, images);
            Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }
    }

    private static void RoundTrip(BlockTransform transform, Tensor images)
    {
        using var encrypted = transform.Apply(images);
        transform.Invert(encrypted).Dispose();
    }
}
