using System.Runtime.InteropServices;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.TorchExtensions.Tests;

/// <summary>libtorch's out-of-memory errors become TorchOutOfMemoryException; every other libtorch error passes through unchanged.</summary>
public class TorchOutOfMemoryExceptionTests
{
    [Fact]
    public void AHugeCpuAllocationIsOutOfMemory()
    {
        using var scope = NewDisposeScope();
        // 2^50 floats are 4 PiB: the allocator refuses at once, nothing is touched.
        var e = Assert.Throws<TorchOutOfMemoryException>(() => TorchOutOfMemoryException.Translate(() => empty(1L << 50)));

        var inner = Assert.IsAssignableFrom<ExternalException>(e.InnerException);
        Assert.True(TorchOutOfMemoryException.IsOutOfMemory(inner));
        Assert.True(TorchOutOfMemoryException.IsOutOfMemory(e));
        Assert.Contains("4503599627370496", inner.Message);                   // the byte count libtorch tried
        Assert.DoesNotContain('\n', e.Message);                                // the first line of libtorch's text
        Assert.StartsWith(e.Message, inner.Message);
        Assert.Equal(6, TorchOutOfMemoryException.Translate(() => ones(2, 3)).numel());   // the process is still usable
    }

    [Fact]
    public void OtherLibtorchErrorsPassThroughUnchanged()
    {
        using var scope = NewDisposeScope();
        var a = zeros(2, 3);

        // mm, not matmul: TorchSharp 0.107.0's THSTensor_matmul lets libtorch's c10::Error escape, which aborts the process.
        var e = Assert.Throws<ExternalException>(() => TorchOutOfMemoryException.Translate(() => a.mm(zeros(2, 3))));
        Assert.Contains("2x3 and 2x3", e.Message);                             // libtorch's own message
        Assert.False(TorchOutOfMemoryException.IsOutOfMemory(e));

        var conv = Assert.Throws<ExternalException>(() => TorchOutOfMemoryException.Translate(() => F.conv2d(zeros(1, 3, 4, 4), zeros(1, 2, 3, 3))));
        Assert.Contains("channels", conv.Message);

        // Errors that are not libtorch's are not its business either.
        Assert.Throws<InvalidOperationException>(() => TorchOutOfMemoryException.Translate<int>(() => throw new InvalidOperationException("out of memory")));
        Assert.False(TorchOutOfMemoryException.IsOutOfMemory(new InvalidOperationException("out of memory")));
    }

    [Fact]
    public void EveryAllocatorsWordingIsRecognised()
    {
        // CUDA's caching allocator, and the two wordings of libtorch's CPU allocator.
        Assert.True(TorchOutOfMemoryException.IsOutOfMemory(new ExternalException("CUDA out of memory. Tried to allocate 2.00 GiB")));
        Assert.True(TorchOutOfMemoryException.IsOutOfMemory(new ExternalException("[enforce fail at alloc_cpu.cpp:117] data. DefaultCPUAllocator: not enough memory: you tried to allocate 8 bytes.")));
        Assert.True(TorchOutOfMemoryException.IsOutOfMemory(new ExternalException("DefaultCPUAllocator: can't allocate memory: you tried to allocate 8 bytes. Error code 12")));
        Assert.False(TorchOutOfMemoryException.IsOutOfMemory(new ExternalException("shape mismatch")));
    }

    [CudaFact]
    public void AHugeCudaAllocationIsOutOfMemory()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<TorchOutOfMemoryException>(() => TorchOutOfMemoryException.Translate(() => empty([1L << 45], device: CUDA)));
        Assert.Contains("out of memory", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(6, ones([2, 3], device: CUDA).numel());
    }
}
