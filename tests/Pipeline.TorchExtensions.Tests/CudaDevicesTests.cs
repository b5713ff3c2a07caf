using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.TorchExtensions.Tests;

/// <summary>
/// CUDA device facts and device memory from NVIDIA's libraries: absent (null, empty), never an exception, where there
/// is no driver, as on this project's machines; real numbers where there is one.
/// </summary>
public class CudaDevicesTests
{
    private static readonly bool DriverPresent = ProbeDriver();

    private static bool ProbeDriver()
    {
        if (!NativeLibrary.TryLoad(OperatingSystem.IsWindows() ? "nvcuda.dll" : "libcuda.so.1", out var handle)) return false;
        NativeLibrary.Free(handle);
        return true;
    }

    private sealed class NoDriverFactAttribute : FactAttribute
    {
        public NoDriverFactAttribute()
        {
            if (DriverPresent) Skip = "an NVIDIA driver is installed";
        }
    }

    private sealed class DriverFactAttribute : FactAttribute
    {
        public DriverFactAttribute()
        {
            if (!DriverPresent) Skip = "no NVIDIA driver (libcuda) is installed";
        }
    }

    [NoDriverFact]
    public void WithoutADriverEverythingIsAbsent()
    {
        Assert.Null(CudaDevices.DriverVersion);
        Assert.Null(CudaDevices.RuntimeVersion);     // the CPU libtorch loads no CUDA runtime
        Assert.Null(CudaDevices.CudnnVersion);
        Assert.Empty(CudaDevices.All());
        Assert.Null(CudaDevices.Describe(0));
        Assert.Null(CudaLibraries.UsedMemory(0));
        Assert.Null(DeviceMemoryMonitor.Start(DeviceId.CUDA(0)));
        Assert.Equal("unknown", CudaDevices.FormatVersion(CudaDevices.DriverVersion));
    }

    [Fact]
    public void TheHostIsNeverMonitored()
    {
        Assert.Null(DeviceMemoryMonitor.Start(DeviceId.CPU));
    }

    [Fact]
    public void VersionsAreFormattedAsNvidiaEncodesThem()
    {
        Assert.Equal("12.4", CudaDevices.FormatVersion(12040));          // major·1000 + minor·10
        Assert.Equal("11.8", CudaDevices.FormatVersion(11080));
        Assert.Equal("13.0", CudaDevices.FormatVersion(13000));
        Assert.Equal("unknown", CudaDevices.FormatVersion(null));
        Assert.Equal("9.1.0", CudaDevices.FormatCudnnVersion(90100));    // cuDNN 9: major·10000 + minor·100 + patch
        Assert.Equal("9.10.2", CudaDevices.FormatCudnnVersion(91002));
        Assert.Equal("8.9.7", CudaDevices.FormatCudnnVersion(8907));     // cuDNN 8: major·1000 + minor·100 + patch
        Assert.Equal("unknown", CudaDevices.FormatCudnnVersion(null));
        Assert.Equal("NVIDIA H200, 140.0 GiB, compute capability 9.0, 132 multiprocessors",
                     new CudaDeviceFacts(0, "NVIDIA H200", 140L << 30, 9, 0, 132).ToString());
    }

    [DriverFact]
    public void WithADriverTheDevicesAreDescribed()
    {
        Assert.True(CudaDevices.DriverVersion >= 10000, $"driver CUDA version {CudaDevices.DriverVersion}");
        var all = CudaDevices.All();
        Assert.NotEmpty(all);
        Assert.All(all, d =>
        {
            Assert.False(string.IsNullOrWhiteSpace(d.Name));
            Assert.True(d.TotalMemory > 1L << 30, $"{d}");
            Assert.True(d.Major >= 3 && d.Multiprocessors > 0, $"{d}");
        });
        Assert.Equal(Enumerable.Range(0, all.Count), all.Select(d => d.Index));
        Assert.NotNull(CudaLibraries.UsedMemory(0));
        using var monitor = DeviceMemoryMonitor.Start(DeviceId.CUDA(0));
        Assert.NotNull(monitor);
        Assert.True(monitor!.PeakBytes >= 0);
    }

    [CudaFact]
    public void TheMonitorSeesAnAllocation()
    {
        const long bytes = 512L << 20;
        using var monitor = DeviceMemoryMonitor.Start(DeviceId.CUDA(0));
        Assert.NotNull(monitor);
        using (var block = ones([bytes / sizeof(float)], device: CUDA))
        {
            cuda.synchronize();
            Thread.Sleep(50);                          // the sampler reads NVML every millisecond
        }
        monitor!.Dispose();
        Assert.True(monitor.PeakBytes >= bytes, $"peak {monitor.PeakBytes} bytes for a {bytes}-byte tensor");
        var peak = monitor.PeakBytes;
        Thread.Sleep(10);
        Assert.Equal(peak, monitor.PeakBytes);         // stopped: the figure no longer moves
    }
}
