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
        foreach (var method in ProtectionMethod.BlockwiseNames)
        {
            using var transform = ProtectionMethod.Blockwise(method).Transform(2, new SecretKey(3), new MethodOptions());
            RoundTrip(transform, images); // builds the cached key tensors
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            RoundTrip(transform, images);
            Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }
    }

    [Fact]
    public void AModelRunUnderFmpLeavesNoTensorsBehind()
    {
        using var model = Models.FcnResNet.FromName("fcn_resnet18", 3);
        model.eval();
        using var protection = new MethodSetting(ProtectionMethod.Named("fmp"), null, new MethodOptions(), model.Depth).Protect(new SecretKey(3));
        protection.Attach(model);
        using var images = rand(1, 3, 16, 16);
        using var noGrad = no_grad();
        model.forward(images).Dispose(); // builds the cached index tensor
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        model.forward(images).Dispose();
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    private static void RoundTrip(BlockTransform transform, Tensor images)
    {
        using var encrypted = transform.Apply(images);
        transform.Invert(encrypted).Dispose();
    }
}
