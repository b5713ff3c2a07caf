using System.Runtime.InteropServices;

namespace Pipeline.TorchExtensions;

/// <summary>
/// The C functions of NVIDIA's libraries that the pipeline binds by hand, for what neither TorchSharp nor libtorch's
/// exports tell: device names, memory and compute capability (the CUDA driver API), the runtime and cuDNN versions,
/// and device memory in use (NVML, which needs no CUDA context and so also sees another process's allocations).
/// Each library is opened on first use; where one is missing (no NVIDIA driver), every query returns null.
/// </summary>
internal static unsafe class CudaLibraries
{
    private const int Success = 0;
    private const int AttributeMultiprocessors = 16, AttributeCapabilityMajor = 75, AttributeCapabilityMinor = 76;

    private static readonly Lazy<IntPtr> Driver = new(() => Open(OperatingSystem.IsWindows() ? ["nvcuda.dll"] : ["libcuda.so.1", "libcuda.so"]));
    private static readonly Lazy<IntPtr> Nvml = new(() => Open(OperatingSystem.IsWindows() ? ["nvml.dll"] : ["libnvidia-ml.so.1", "libnvidia-ml.so"]));
    private static readonly Lazy<bool> DriverReady = new(() =>
        Export(Driver.Value, "cuInit") is var f && f != IntPtr.Zero && ((delegate* unmanaged<uint, int>)f)(0) == Success);
    private static readonly Lazy<bool> NvmlReady = new(() =>
        Export(Nvml.Value, "nvmlInit_v2") is var f && f != IntPtr.Zero && ((delegate* unmanaged<int>)f)() == Success);

    /// <summary>The driver's CUDA version as an integer (12040 is 12.4).</summary>
    public static int? DriverVersion()
    {
        var f = DriverFunction("cuDriverGetVersion");
        int v;
        return f != IntPtr.Zero && ((delegate* unmanaged<int*, int>)f)(&v) == Success ? v : null;
    }

    public static int? DeviceCount()
    {
        var f = DriverFunction("cuDeviceGetCount");
        int v;
        return f != IntPtr.Zero && ((delegate* unmanaged<int*, int>)f)(&v) == Success ? v : null;
    }

    public static string? Name(int ordinal) => Text(DriverFunction("cuDeviceGetName"), ordinal);

    /// <summary>The device's PCI bus id ("0000:3B:00.0"), which names the same device to NVML whatever CUDA_VISIBLE_DEVICES says.</summary>
    public static string? PciBusId(int ordinal) => Text(DriverFunction("cuDeviceGetPCIBusId"), ordinal);

    public static long? TotalMemory(int ordinal)
    {
        var f = DriverFunction("cuDeviceTotalMem_v2");
        nuint bytes;
        return f != IntPtr.Zero && ((delegate* unmanaged<nuint*, int, int>)f)(&bytes, ordinal) == Success ? (long)bytes : null;
    }

    public static (int major, int minor)? ComputeCapability(int ordinal) =>
        Attribute(ordinal, AttributeCapabilityMajor) is { } major && Attribute(ordinal, AttributeCapabilityMinor) is { } minor ? (major, minor) : null;

    public static int? Multiprocessors(int ordinal) => Attribute(ordinal, AttributeMultiprocessors);

    /// <summary>cudaRuntimeGetVersion of the CUDA runtime libtorch loaded.</summary>
    public static int? RuntimeVersion()
    {
        var f = Export(LoadedLibrary("cudart"), "cudaRuntimeGetVersion");
        int v;
        return f != IntPtr.Zero && ((delegate* unmanaged<int*, int>)f)(&v) == Success ? v : null;
    }

    /// <summary>cudnnGetVersion of the cuDNN libtorch loaded (90100 is 9.1.0).</summary>
    public static long? CudnnVersion()
    {
        var f = Export(LoadedLibrary("cudnn"), "cudnnGetVersion");
        return f != IntPtr.Zero ? (long)((delegate* unmanaged<nuint>)f)() : null;
    }

    /// <summary>Bytes of device memory in use on the device, by every process (NVML).</summary>
    public static long? UsedMemory(int ordinal)
    {
        if (PciBusId(ordinal) is not { } bus || !NvmlReady.Value) return null;
        var byBus = Export(Nvml.Value, "nvmlDeviceGetHandleByPciBusId_v2");
        var info = Export(Nvml.Value, "nvmlDeviceGetMemoryInfo");
        if (byBus == IntPtr.Zero || info == IntPtr.Zero) return null;
        var id = Marshal.StringToCoTaskMemUTF8(bus);
        try
        {
            IntPtr device;
            var memory = stackalloc ulong[3]; // nvmlMemory_t: total, free, used
            if (((delegate* unmanaged<IntPtr, IntPtr*, int>)byBus)(id, &device) != Success) return null;
            return ((delegate* unmanaged<IntPtr, ulong*, int>)info)(device, memory) == Success ? (long)memory[2] : null;
        }
        finally
        {
            Marshal.FreeCoTaskMem(id);
        }
    }

    private static int? Attribute(int ordinal, int attribute)
    {
        var f = DriverFunction("cuDeviceGetAttribute");
        int v;
        return f != IntPtr.Zero && ((delegate* unmanaged<int*, int, int, int>)f)(&v, attribute, ordinal) == Success ? v : null;
    }

    // cuDeviceGetName and cuDeviceGetPCIBusId share one shape: (char* buffer, int length, CUdevice).
    private static string? Text(IntPtr f, int ordinal)
    {
        var buffer = stackalloc byte[256];
        return f != IntPtr.Zero && ((delegate* unmanaged<byte*, int, int, int>)f)(buffer, 256, ordinal) == Success
            ? Marshal.PtrToStringUTF8((IntPtr)buffer)
            : null;
    }

    private static IntPtr DriverFunction(string name) => DriverReady.Value ? Export(Driver.Value, name) : IntPtr.Zero;

    private static IntPtr Export(IntPtr library, string name) =>
        library != IntPtr.Zero && NativeLibrary.TryGetExport(library, name, out var f) ? f : IntPtr.Zero;

    // The copy libtorch itself loaded (libcudart.so.12, cudart64_12.dll, …), so the versions are the ones in use.
    private static IntPtr LoadedLibrary(string stem)
    {
        var path = NativeLibraries.Loaded().FirstOrDefault(p => Path.GetFileName(p) is var name
            && (name.StartsWith($"lib{stem}.so", StringComparison.Ordinal) || name.StartsWith($"{stem}64_", StringComparison.OrdinalIgnoreCase)));
        return path is not null && NativeLibrary.TryLoad(path, out var handle) ? handle : IntPtr.Zero;
    }

    private static IntPtr Open(string[] names)
    {
        foreach (var name in names)
            if (NativeLibrary.TryLoad(name, out var handle)) return handle;
        return IntPtr.Zero;
    }
}
