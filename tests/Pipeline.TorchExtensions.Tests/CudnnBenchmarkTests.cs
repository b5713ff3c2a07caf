namespace Pipeline.TorchExtensions.Tests;

/// <summary>torch.backends.cudnn.benchmark through libtorch's global context: the CPU build has the flag too.</summary>
public class CudnnBenchmarkTests
{
    [Fact]
    public void TheFlagReadsBackWhatWasSet()
    {
        Assert.True(CudnnBenchmark.IsAvailable);
        var original = CudnnBenchmark.Enabled;
        try
        {
            CudnnBenchmark.Enabled = true;
            Assert.True(CudnnBenchmark.Enabled);
            CudnnBenchmark.Enabled = false;
            Assert.False(CudnnBenchmark.Enabled);
            CudnnBenchmark.Enabled = true;
            Assert.True(CudnnBenchmark.Enabled);
        }
        finally
        {
            CudnnBenchmark.Enabled = original;
        }
        Assert.Equal(original, CudnnBenchmark.Enabled);
    }
}
