using Pipeline.Tests.Shared;
using static TorchSharp.torch;

namespace Pipeline.TorchExtensions.Tests;

/// <summary>ManualSeedAll gives the random streams of PyTorch's torch.manual_seed (libtorch's CPU mt19937 generator on both sides).</summary>
[Collection(ProcessWideCollection.Name)]
public class SeedingTests
{
    [PyTorchFact]
    public void RandomTensorsEqualPyTorchsAfterTheSameSeed()
    {
        using var exchange = new PythonExchange();
        // Sizes below and above 16 take libtorch's scalar and vectorised normal paths.
        exchange.Run("""
            torch.manual_seed(20240531)
            save('a', torch.randn(5)); save('b', torch.rand(3, 2)); save('c', torch.randn(40)); save('d', torch.rand(33, dtype=torch.float64))
            torch.manual_seed(7)
            save('e', torch.randn(2, 3))
            """);
        using var scope = NewDisposeScope();

        Seeding.ManualSeedAll(20240531);
        var a = randn(5);
        var b = rand(3, 2);
        var c = randn(40);
        var d = rand(33, ScalarType.Float64);
        Seeding.ManualSeedAll(7);
        var e = randn(2, 3);

        Assert.Equal(exchange.Floats("a"), a.data<float>().ToArray());
        Assert.Equal(exchange.Floats("b"), b.data<float>().ToArray());
        Assert.Equal(exchange.Floats("c"), c.data<float>().ToArray());
        Assert.Equal(exchange.Doubles("d"), d.data<double>().ToArray());
        Assert.Equal(exchange.Floats("e"), e.data<float>().ToArray());
    }

    [Fact]
    public void ReseedingRepeatsTheStream()
    {
        using var scope = NewDisposeScope();
        Seeding.ManualSeedAll(3);
        var first = randn(10).data<float>().ToArray();
        var next = randn(10).data<float>().ToArray();
        Seeding.ManualSeedAll(3);
        Assert.Equal(first, randn(10).data<float>().ToArray());
        Assert.NotEqual(first, next);
    }

    [CudaFact]
    public void CudaGeneratorsAreSeededToo()
    {
        using var scope = NewDisposeScope();
        Seeding.ManualSeedAll(11);
        var first = randn([8], device: CUDA).cpu().data<float>().ToArray();
        Seeding.ManualSeedAll(11);
        Assert.Equal(first, randn([8], device: CUDA).cpu().data<float>().ToArray());
    }
}
