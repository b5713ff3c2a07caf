using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.TorchExtensions.Tests;

/// <summary>ToArray gives the elements in logical row-major order whatever the tensor's layout or device.</summary>
public class HostArraysTests
{
    [Fact]
    public void ReadsContiguousTensorsOfEveryKind()
    {
        using var scope = NewDisposeScope();
        Assert.Equal([1.5f, -2f, 0f], tensor(new[] { 1.5f, -2f, 0f }).ToArray<float>());
        Assert.Equal([Math.PI, -1e300], tensor(new[] { Math.PI, -1e300 }).ToArray<double>());
        Assert.Equal([long.MinValue, 7L], tensor(new[] { long.MinValue, 7L }).ToArray<long>());
        Assert.Equal([true, false, true], tensor(new[] { true, false, true }).ToArray<bool>());
        Assert.Equal([2.5f], tensor(2.5f).ToArray<float>());
        Assert.Empty(zeros(0, 4).ToArray<float>());
    }

    [Fact]
    public void AnElementTypeThatDoesNotMatchIsRefused()
    {
        using var scope = NewDisposeScope();
        Assert.ThrowsAny<ArgumentException>(() => ones(2).ToArray<long>());
        Assert.ThrowsAny<ArgumentException>(() => zeros(0).ToArray<long>());   // even without elements to copy
    }

    [Fact]
    public void ReadsViewsInLogicalOrder()
    {
        using var scope = NewDisposeScope();
        var x = arange(6, ScalarType.Float32).reshape(2, 3);      // [[0, 1, 2], [3, 4, 5]]

        Assert.Equal([0f, 3f, 1f, 4f, 2f, 5f], x.t().ToArray<float>());
        Assert.Equal([3f, 4f, 5f], x[1].ToArray<float>());          // a storage offset
        Assert.Equal([1f, 2f, 4f, 5f], x.narrow(1, 1, 2).ToArray<float>());
        Assert.Equal([5f, 4f, 3f, 2f, 1f, 0f], x.flatten().flip(0).ToArray<float>());
        Assert.Equal([2f, 2f, 2f, 2f], full([1], 2f).expand(4).ToArray<float>());   // stride 0
        Assert.Equal([0f, 1f, 2f, 3f, 4f, 5f], x.ToArray<float>());  // the source is left usable
    }

    [CudaFact]
    public void ReadsCudaTensors()
    {
        using var scope = NewDisposeScope();
        var x = arange(6, ScalarType.Float32, device: CUDA).reshape(2, 3);
        Assert.Equal([0f, 3f, 1f, 4f, 2f, 5f], x.t().ToArray<float>());
        Assert.Equal(DeviceType.CUDA, x.device_type);
    }
}
