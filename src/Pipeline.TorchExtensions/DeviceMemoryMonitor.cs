namespace Pipeline.TorchExtensions;

/// <summary>
/// The peak device memory in use while it runs, above what was in use when it started, sampled from NVML every
/// millisecond on a background thread. libtorch keeps its caching allocator's statistics behind no exported
/// function, so the bench measures both itself and PyTorch's reference this one way: like is compared with like
/// (CUDA context and the allocator's reserved pool included on both sides).
/// </summary>
public sealed class DeviceMemoryMonitor : IDisposable
{
    private readonly int ordinal;
    private readonly long baseline;
    private readonly Thread sampler;
    private volatile bool stopping;
    private long peak;

    private DeviceMemoryMonitor(int ordinal, long baseline)
    {
        this.ordinal = ordinal;
        this.baseline = baseline;
        peak = baseline;
        sampler = new Thread(Sample) { IsBackground = true, Name = "device memory monitor" };
        sampler.Start();
    }

    /// <summary>Starts sampling the device; null where NVML cannot measure it (no NVIDIA driver, or not a CUDA device).</summary>
    public static DeviceMemoryMonitor? Start(DeviceId device) =>
        device.IsCuda && CudaLibraries.UsedMemory(device.CudaIndex) is { } used ? new DeviceMemoryMonitor(device.CudaIndex, used) : null;

    /// <summary>The highest use seen so far minus the use at start.</summary>
    public long PeakBytes => Math.Max(0, Interlocked.Read(ref peak) - baseline);

    private void Sample()
    {
        while (!stopping)
        {
            if (CudaLibraries.UsedMemory(ordinal) is { } used && used > Interlocked.Read(ref peak)) Interlocked.Exchange(ref peak, used);
            Thread.Sleep(1);
        }
    }

    /// <summary>Stops sampling after one last sample; <see cref="PeakBytes"/> stays readable.</summary>
    public void Dispose()
    {
        if (stopping) return;
        stopping = true;
        sampler.Join();
    }
}
