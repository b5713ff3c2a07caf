using System.Runtime.InteropServices;

namespace Pipeline.TorchExtensions;

/// <summary>
/// How the process's C heap (where libtorch's CPU tensors live) treats freed memory. By default glibc hands
/// freed memory at the top of the heap back to the kernel and maps large blocks afresh, so every training step
/// page-faults its activations and gradients in again: on 2 cores the kernel's page zeroing took most of a
/// CPU step. Keeping freed memory in the process (resident memory stays at its peak instead) made a
/// FCN-ResNet-18 epoch at 32 px about 4× faster. CUDA memory has its own caching allocator and is not affected.
/// </summary>
public static partial class CpuAllocator
{
    private const int TrimThreshold = -1, TopPad = -2, MmapThreshold = -3; // glibc's M_* parameters

    /// <summary>Keeps freed CPU memory for reuse; true where applied (glibc on Linux), false elsewhere.</summary>
    public static bool RetainFreedMemory()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            // Blocks up to glibc's ceiling for the threshold (32 MiB) come from the heap; up to 1 GiB of free heap
            // stays mapped; each heap growth reserves 64 MiB more, so a step's churn reuses pages already touched.
            return mallopt(MmapThreshold, 32 << 20) == 1 & mallopt(TrimThreshold, 1 << 30) == 1 & mallopt(TopPad, 64 << 20) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // not glibc (musl, say): its allocator has no such knobs
        }
    }

    [LibraryImport("libc.so.6")]
    private static partial int mallopt(int parameter, int value);
}
