using Pipeline.Tests.Shared;
using static TorchSharp.torch;

namespace Pipeline.TorchExtensions.Tests;

/// <summary>With freed memory retained, libtorch's CPU tensors reuse pages already touched instead of faulting fresh mappings in.</summary>
[Collection(ProcessWideCollection.Name)]   // counts the whole process's page faults: nothing else may run meanwhile
public class CpuAllocatorTests
{
    [LinuxFact]
    public void FreedTensorMemoryIsReusedWithoutFaultingItInAgain()
    {
        Assert.True(CpuAllocator.RetainFreedMemory(), "mallopt should apply on glibc Linux");
        const long floats = 4 << 20; // 16 MiB: glibc would map each one afresh by default
        using (var first = ones(floats)) { }
        var before = MinorFaults();
        for (var i = 0; i < 20; i++)
        {
            using var t = ones(floats);
        }
        var pages = 20 * floats * sizeof(float) / Environment.SystemPageSize;
        // Fresh mappings fault in every page of all 20 tensors (measured: 102%); reused heap memory far fewer (measured: 20-36%).
        Assert.True(MinorFaults() - before < pages / 2, $"{MinorFaults() - before} minor faults for {pages} pages of tensors");
    }

    // Field 10 of /proc/self/stat, after the command name (which may hold spaces) in parentheses.
    private static long MinorFaults()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        return long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[7]);
    }
}
