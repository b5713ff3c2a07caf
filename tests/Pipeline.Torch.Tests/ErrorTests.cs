using System.Runtime.InteropServices;
using Pipeline.Torch.Native;
using F = Pipeline.Torch.nn.functional;

namespace Pipeline.Torch.Tests;

/// <summary>libtorch failures arrive as typed exceptions with libtorch's own text, and leave the process usable.</summary>
public class ErrorTests
{
    [Fact]
    public void Conv2dChannelMismatchCarriesLibtorchsMessage()
    {
        using var scope = torch.NewDisposeScope();
        var input = torch.zeros(new long[] { 1, 3, 4, 4 });
        var weight = torch.zeros(new long[] { 1, 2, 3, 3 });
        var error = Assert.Throws<TorchException>(() => F.conv2d(input, weight));
        Assert.IsNotType<TorchOutOfMemoryException>(error);
        // "Given groups=1, weight of size [1, 2, 3, 3], expected input[1, 3, 4, 4] to have 2 channels, but got 3 channels instead"
        Assert.Contains("expected input", error.Message);
        Assert.Contains("channels", error.Message);

        var ok = F.conv2d(torch.ones(new long[] { 1, 2, 3, 3 }), torch.ones(new long[] { 1, 2, 3, 3 }));
        Assert.Equal(18f, ok.item<float>());                              // the next call works normally
    }

    [Fact]
    public void ShapeErrorsNameTheShapes()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.zeros(new long[] { 2, 3 });
        var error = Assert.Throws<TorchException>(() => a.matmul(torch.zeros(new long[] { 2, 3 })));
        Assert.Contains("2x3", error.Message);
        Assert.Throws<TorchException>(() => a + torch.zeros(new long[] { 4 }));
        Assert.Throws<TorchException>(() => a.view(5));
        Assert.Equal(6, a.view(6).numel());
    }

    [Fact]
    public void UnknownOperatorSaysWhichOneWasMissing()
    {
        var error = Assert.Throws<TorchException>(() => Aten.Call("aten::no_such_operator", torch.zeros(new long[] { 1 })));
        Assert.Contains("aten::no_such_operator", error.Message);
        Assert.Contains(torch.version, error.Message);                     // schema differences are version differences
        var overload = Assert.Throws<TorchException>(() => Aten.CallOverload("aten::add", "NoSuchOverload", 1L));
        Assert.Contains("aten::add.NoSuchOverload", overload.Message);
    }

    [Fact]
    public void WrongArgumentCountsNameTheSchema()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.zeros(new long[] { 2 });
        var tooMany = Assert.Throws<TorchException>(() => Aten.Call("aten::relu", x, x));
        Assert.Contains("aten::relu(Tensor self) -> Tensor", tooMany.Message);
        Assert.Contains("2 arguments given", tooMany.Message);
        var missing = Assert.Throws<TorchException>(() => Aten.CallOverload("aten::add", "Tensor", x));
        Assert.Contains("'other'", missing.Message);
        Assert.Contains("aten::add.Tensor(", missing.Message);
        Assert.Contains("aten::relu(Tensor self) -> Tensor", Aten.Schema("aten::relu"));
    }

    [Fact]
    public void NonTensorArgumentsOfTheWrongKindAreRejected()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.zeros(new long[] { 2 });
        Assert.Throws<TorchException>(() => Aten.Call("aten::relu", 1L));
        Assert.Equal(new long[] { 2 }, x.relu().shape);
    }

    [Fact]
    public void TheLastErrorIsKeptPerThread()
    {
        // Both threads fail before either reads its message; each must still read its own.
        using var bothFailed = new Barrier(2);
        var messages = new string[2];
        var names = new[] { "aten::first_missing_op", "aten::second_missing_op" };
        var threads = names.Select((name, k) => new Thread(() =>
        {
            var status = NativeMethods.pt_op_find(name, "", out _);
            bothFailed.SignalAndWait();
            messages[k] = status == 0 ? "(no failure)" : Marshal.PtrToStringUTF8(NativeMethods.pt_last_error()) ?? "";
        })).ToArray();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
        Assert.Contains("first_missing_op", messages[0]);
        Assert.DoesNotContain("second", messages[0]);
        Assert.Contains("second_missing_op", messages[1]);
        Assert.DoesNotContain("first", messages[1]);
    }

    [Fact]
    public void ConcurrentFailuresReportTheirOwnShapes()
    {
        var failures = Enumerable.Range(2, 8).AsParallel().WithDegreeOfParallelism(8).Select(n =>
        {
            using var scope = torch.NewDisposeScope();
            var x = torch.zeros(new long[] { n, n + 1 });
            var messages = new List<string>();
            for (var k = 0; k < 50; k++)
                messages.Add(Assert.Throws<TorchException>(() => x.mm(x)).Message);
            return (n, messages);
        }).ToList();
        foreach (var (n, messages) in failures)
            Assert.All(messages, m => Assert.Contains($"{n}x{n + 1} and {n}x{n + 1}", m));
    }
}
