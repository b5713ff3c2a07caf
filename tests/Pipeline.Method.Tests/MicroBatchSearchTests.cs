using System.Runtime.InteropServices;
using Pipeline.Method.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Method.Tests;

/// <summary>
/// accumulate: auto's search, with trials that run out of memory for real: beyond the size that fits, a trial asks
/// libtorch's CPU allocator for 256 TiB, which no machine gives (as CUDA's allocator refuses a batch a GPU cannot hold).
/// </summary>
public class MicroBatchSearchTests
{
    private static Action<int> Trial(int fits, List<int> tried) => size =>
    {
        tried.Add(size);
        using var memory = empty(size > fits ? 1L << 48 : 16, ScalarType.Byte);
    };

    [Fact]
    public void HalvesTheWholeBatchUntilATrialFits()
    {
        var tried = new List<int>();

        Assert.Equal(8, MicroBatchSearch.Largest(64, Trial(fits: 8, tried)));
        Assert.Equal([64, 32, 16, 8], tried);
    }

    [Fact]
    public void AWholeBatchThatFitsIsTakenAtOnce()
    {
        var tried = new List<int>();

        Assert.Equal(48, MicroBatchSearch.Largest(48, Trial(fits: 64, tried)));
        Assert.Equal([48], tried);
    }

    [Fact]
    public void RunningOutOfMemoryAtOneImagePerPassEndsTheSearchWithTheError()
    {
        var tried = new List<int>();

        var e = Assert.ThrowsAny<ExternalException>(() => MicroBatchSearch.Largest(6, Trial(fits: 0, tried)));

        Assert.True(Pipeline.TorchExtensions.TorchOutOfMemoryException.IsOutOfMemory(e), e.Message);
        Assert.Equal([6, 3, 1], tried);
    }

    [Fact]
    public void AnyOtherErrorEndsTheSearchAtOnce()
    {
        var tried = new List<int>();

        Assert.ThrowsAny<ExternalException>(() => MicroBatchSearch.Largest(16, size =>
        {
            tried.Add(size);
            using var scope = NewDisposeScope();
            ones(2, 3).reshape(7);   // a libtorch error that is not about memory
        }));
        Assert.Equal([16], tried);
    }
}
