using F = Pipeline.Torch.nn.functional;

namespace Pipeline.Torch.Tests;

/// <summary>torch.autocast on the CPU (bfloat16, present since libtorch 1.10), and the CUDA paths where a GPU exists.</summary>
public class AutocastTests
{
    [Fact]
    public void CpuAutocastRunsConvAndMatmulInBFloat16OnlyInsideTheScope()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones(new long[] { 1, 2, 4, 4 });
        var w = torch.full(new long[] { 3, 2, 3, 3 }, 0.5);
        var m = torch.ones(new long[] { 4, 4 });
        using (torch.autocast(DeviceType.CPU))
        {
            var y = F.conv2d(x, w, padding: 1);
            Assert.Equal(ScalarType.BFloat16, y.dtype);
            Assert.Equal(9f, y.to(ScalarType.Float32).data<float>()[5]);   // an interior pixel sums 18 taps of 0.5
            Assert.Equal(ScalarType.BFloat16, m.matmul(m).dtype);
            Assert.Equal(ScalarType.Float32, (x + 1).dtype);               // element-wise ops are left alone
        }
        Assert.Equal(ScalarType.Float32, F.conv2d(x, w, padding: 1).dtype);
        Assert.Equal(ScalarType.Float32, m.matmul(m).dtype);
    }

    [Fact]
    public void NestedAutocastScopesRestoreTheOuterSetting()
    {
        using var scope = torch.NewDisposeScope();
        var m = torch.ones(new long[] { 2, 2 });
        using (torch.autocast(DeviceType.CPU))
        {
            using (torch.autocast(DeviceType.CPU, enabled: false))
                Assert.Equal(ScalarType.Float32, m.matmul(m).dtype);
            Assert.Equal(ScalarType.BFloat16, m.matmul(m).dtype);
            Assert.Equal(ScalarType.BFloat16, m.matmul(m).dtype);
            Assert.True(torch.is_autocast_enabled(DeviceType.CPU));
        }
        Assert.False(torch.is_autocast_enabled(DeviceType.CPU));
        Assert.Equal(ScalarType.Float32, m.matmul(m).dtype);
    }

    // The CUDA setting can be read and written without a GPU, so it shows the dtype being restored on any build.
    [Fact]
    public void AnInnerScopeWithAnotherDtypeRestoresTheOuterDtype()
    {
        using (torch.autocast(DeviceType.CUDA, ScalarType.Float16))
        {
            using (torch.autocast(DeviceType.CUDA, ScalarType.BFloat16))
                Assert.Equal(ScalarType.BFloat16, torch.get_autocast_dtype(DeviceType.CUDA));
            Assert.Equal(ScalarType.Float16, torch.get_autocast_dtype(DeviceType.CUDA));
            Assert.True(torch.is_autocast_enabled(DeviceType.CUDA));
        }
        Assert.False(torch.is_autocast_enabled(DeviceType.CUDA));
    }

    // libtorch 1.13 refuses float16 for CPU autocast; later versions accept it. Either way the state stays consistent.
    [Fact]
    public void ARefusedDtypeLeavesAutocastAsItWas()
    {
        IDisposable? half = null;
        try
        {
            half = torch.autocast(DeviceType.CPU, ScalarType.Float16);
            Assert.True(torch.is_autocast_enabled(DeviceType.CPU));
            Assert.Equal(ScalarType.Float16, torch.get_autocast_dtype(DeviceType.CPU));
        }
        catch (TorchException e)
        {
            Assert.Contains("Bfloat16", e.Message);
            Assert.False(torch.is_autocast_enabled(DeviceType.CPU));
        }
        finally
        {
            half?.Dispose();
        }
        Assert.False(torch.is_autocast_enabled(DeviceType.CPU));
        Assert.Equal(ScalarType.BFloat16, torch.get_autocast_dtype(DeviceType.CPU));
    }

    [Fact]
    public void AutocastScopeCanBeDisposedTwice()
    {
        using var scope = torch.NewDisposeScope();
        var m = torch.ones(new long[] { 2, 2 });
        var autocast = torch.autocast(DeviceType.CPU);
        autocast.Dispose();
        autocast.Dispose();
        Assert.Equal(ScalarType.Float32, m.matmul(m).dtype);
    }

    [CudaFact]
    public void CudaAutocastRunsConvInTheChosenPrecision()
    {
        using var scope = torch.NewDisposeScope();
        var device = Device.CUDA(0);
        var x = torch.ones(new long[] { 1, 2, 4, 4 }, device: device);
        var w = torch.full(new long[] { 3, 2, 3, 3 }, 0.5, device: device);
        using (torch.autocast(DeviceType.CUDA, ScalarType.Float16))
        {
            var y = F.conv2d(x, w, padding: 1);
            Assert.Equal(ScalarType.Float16, y.dtype);
            Assert.Equal(9f, y.to(ScalarType.Float32).data<float>()[5]);
            Assert.Equal(ScalarType.Float32, F.conv2d(x.cpu(), w.cpu()).dtype);   // CUDA autocast leaves the CPU alone
        }
        using (torch.autocast(DeviceType.CUDA, ScalarType.BFloat16))
            Assert.Equal(ScalarType.BFloat16, x.flatten(1).matmul(x.flatten(1).transpose(0, 1)).dtype);
        Assert.Equal(ScalarType.Float32, F.conv2d(x, w).dtype);
    }

    [CudaFact]
    public void TensorsMoveBetweenCpuAndCuda()
    {
        using var scope = torch.NewDisposeScope();
        var cpu = torch.tensor(new float[] { 1, 2, 3 });
        var gpu = cpu.cuda();
        Assert.Equal(Device.CUDA(0), gpu.device);
        var back = (gpu * 2).cpu();
        Assert.Equal(Device.CPU, back.device);
        Assert.Equal(new[] { 2f, 4f, 6f }, back.data<float>());
        Assert.Equal(new[] { 2f, 4f, 6f }, (gpu * 2).data<float>());      // data() copies from the device itself
        Assert.True(torch.cuda.device_count() >= 1);
        torch.cuda.synchronize();
        Assert.Throws<TorchException>(() => cpu + gpu);                   // operands on different devices
    }
}
