using System.Runtime.CompilerServices;

namespace Pipeline.TorchExtensions.Tests;

internal static class CpuAllocatorSetup
{
    // As the pipeline program does at start: CPU tensor work runs several times faster.
    [ModuleInitializer]
    internal static void RetainFreedMemory() => CpuAllocator.RetainFreedMemory();
}
