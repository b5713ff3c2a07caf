namespace Pipeline.TorchExtensions;

/// <summary>What a CUDA device is: name, memory, compute capability, multiprocessors.</summary>
public sealed record CudaDeviceFacts(int Index, string Name, long TotalMemory, int Major, int Minor, int Multiprocessors)
{
    public override string ToString() =>
        $"{Name}, {TotalMemory / (1024.0 * 1024 * 1024):F1} GiB, compute capability {Major}.{Minor}, {Multiprocessors} multiprocessors";
}

/// <summary>
/// CUDA device facts and versions for `pipeline doctor`, job metrics and the bench, from NVIDIA's own libraries
/// (TorchSharp tells only whether CUDA is available and how many devices there are). Null where unknown.
/// </summary>
public static class CudaDevices
{
    public static int? DriverVersion => CudaLibraries.DriverVersion();
    public static int? RuntimeVersion => CudaLibraries.RuntimeVersion();
    public static long? CudnnVersion => CudaLibraries.CudnnVersion();

    public static CudaDeviceFacts? Describe(int ordinal) =>
        CudaLibraries.Name(ordinal) is { } name
            ? new CudaDeviceFacts(ordinal, name, CudaLibraries.TotalMemory(ordinal) ?? 0,
                                  CudaLibraries.ComputeCapability(ordinal)?.major ?? 0, CudaLibraries.ComputeCapability(ordinal)?.minor ?? 0,
                                  CudaLibraries.Multiprocessors(ordinal) ?? 0)
            : null;

    /// <summary>Every device the driver sees (respecting CUDA_VISIBLE_DEVICES).</summary>
    public static IReadOnlyList<CudaDeviceFacts> All() =>
        Enumerable.Range(0, CudaLibraries.DeviceCount() ?? 0).Select(Describe).OfType<CudaDeviceFacts>().ToList();

    /// <summary>"12.4" for 12040 (CUDA's encoding: major·1000 + minor·10).</summary>
    public static string FormatVersion(int? version) => version is { } v ? $"{v / 1000}.{v % 1000 / 10}" : "unknown";

    /// <summary>"9.1.0" for 90100 (cuDNN 9's encoding: major·10000 + minor·100 + patch).</summary>
    public static string FormatCudnnVersion(long? version) => version switch
    {
        null => "unknown",
        >= 10000 and var v => $"{v / 10000}.{v % 10000 / 100}.{v % 100}",
        var v => $"{v / 1000}.{v % 1000 / 100}.{v % 100}",
    };
}
