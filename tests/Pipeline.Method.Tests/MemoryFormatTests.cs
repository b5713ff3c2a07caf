using Pipeline.Method.Models;
using Pipeline.Method.Training;
using Pipeline.TorchExtensions;

namespace Pipeline.Method.Tests;

/// <summary>
/// Channels-last applies on every device, except FCN-ResNet-50 on a CPU that describes no data caches, where libtorch's
/// oneDNN kills the process (SIGFPE) planning its channels-last 1×1 convolutions; BenchTests runs that model on this CPU.
/// </summary>
public class MemoryFormatTests
{
    [Theory]
    [InlineData(ResNetDepth.ResNet18, true, true)]
    [InlineData(ResNetDepth.ResNet50, true, true)]
    [InlineData(ResNetDepth.ResNet18, false, true)]
    [InlineData(ResNetDepth.ResNet34, false, true)]
    [InlineData(ResNetDepth.ResNet50, false, false)]
    public void OnTheCpuOnlyResNet50WithoutDescribedCachesFallsBackToNchw(ResNetDepth depth, bool cachesDescribed, bool channelsLast)
    {
        var format = MemoryFormat.For(true, DeviceId.CPU, depth, cachesDescribed);

        Assert.Equal(channelsLast, format.ChannelsLast);
        if (channelsLast) Assert.Equal("channels-last on cpu", format.Reason);
        else Assert.Contains("NCHW, not the configured channels-last: this CPU describes no data caches", format.Reason);
    }

    [Fact]
    public void OnCudaChannelsLastAppliesWhateverTheCpuDescribes()
    {
        var format = MemoryFormat.For(true, DeviceId.CUDA(1), ResNetDepth.ResNet50, cpuCachesDescribed: false);

        Assert.True(format.ChannelsLast);
        Assert.Equal("channels-last on cuda:1", format.Reason);
    }

    [Fact]
    public void NchwAsConfiguredStaysNchw()
    {
        Assert.Equal(new MemoryFormat(false, "NCHW as configured"), MemoryFormat.For(false, DeviceId.CUDA(), ResNetDepth.ResNet18, true));
        Assert.Equal(new MemoryFormat(false, "NCHW as configured"), MemoryFormat.For(false, DeviceId.CPU, ResNetDepth.ResNet50, false));
    }

    [Fact]
    public void TheRecipeDecidesWithWhatThisCpuDescribes()
    {
        var recipe = new TrainingRecipe { Epochs = 1, BatchSize = 2, Lr = 0.1, ChannelsLast = true };

        Assert.Equal(MemoryFormat.For(true, DeviceId.CPU, ResNetDepth.ResNet50, CpuCaches.Described), recipe.MemoryFormatOn(DeviceId.CPU, ResNetDepth.ResNet50));
        Assert.True(recipe.MemoryFormatOn(DeviceId.CPU, ResNetDepth.ResNet18).ChannelsLast);
    }
}
