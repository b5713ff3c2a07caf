using System.Runtime.Intrinsics.X86;

namespace Pipeline.TorchExtensions;

/// <summary>
/// Whether an x86 CPU describes its data caches where libtorch's oneDNN reads them (through Xbyak): cpuid leaf 4 on
/// Intel, leaf 0x8000001D on AMD CPUs that have it (0x80000005 on older ones). Some hypervisors zero those leaves, as on
/// this project's AMD EPYC VMs (no caches, no topology); oneDNN then plans with guessed sizes, and libtorch 2.10 dies of
/// SIGFPE, an integer division by zero no handler can turn into an exception, in oneDNN's blocking of a channels-last
/// 1×1 convolution on the CPU (gdb: brg_blocking_t::est_eff_1x1, planning FCN-ResNet-50's bottlenecks; ResNet-18/34
/// and every NCHW convolution run). <see cref="Described"/> lets the caller keep clear of it.
/// </summary>
public static class CpuCaches
{
    /// <summary>False where oneDNN finds no data cache described; true on CPUs that are not x86 (oneDNN's x64 kernels are not used).</summary>
    public static bool Described { get; } = !X86Base.IsSupported || DataCacheDescribed();

    private const int DataCache = 1, UnifiedCache = 3;

    private static bool DataCacheDescribed()
    {
        var (maxLeaf, b, c, d) = X86Base.CpuId(0, 0);
        var vendor = string.Concat(new[] { b, d, c }.Select(r => new string([.. BitConverter.GetBytes(r).Select(x => (char)x)])));
        if (vendor == "GenuineIntel") return maxLeaf >= 4 && ListsADataCache(4);
        if (vendor != "AuthenticAMD") return false; // Xbyak reads no caches on other vendors' CPUs
        var maxExtended = (uint)X86Base.CpuId(unchecked((int)0x80000000), 0).Eax;
        if (maxExtended >= 0x8000001D) return ListsADataCache(unchecked((int)0x8000001D));
        // Older AMD CPUs: the L1 data cache's size in KiB, in bits 31..24 of ECX of leaf 0x80000005.
        return maxExtended >= 0x80000005 && ((uint)X86Base.CpuId(unchecked((int)0x80000005), 0).Ecx >> 24) > 0;
    }

    /// <summary>Whether the deterministic cache leaf lists a data or unified cache before its first empty entry.</summary>
    private static bool ListsADataCache(int leaf)
    {
        for (var index = 0; index < 16; index++)
        {
            var type = X86Base.CpuId(leaf, index).Eax & 0x1F;
            if (type == 0) return false;
            if (type is DataCache or UnifiedCache) return true;
        }
        return false;
    }
}
