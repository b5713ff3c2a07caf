using System.Text.Json;
using Pipeline.Tests.Shared;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.TorchExtensions.Tests;

/// <summary>State dicts written by PyTorch's torch.save read back with PyTorch's values; damaged files named.</summary>
public sealed class StateDictFilesTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("state-dict-files-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [PyTorchFact]
    public void ReadsATorchSaveStateDictWithPyTorchsValues()
    {
        using var exchange = new PythonExchange();
        var entries = exchange.Run("""
            torch.manual_seed(0)
            m = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.BatchNorm2d(4))
            m.train(); m(torch.rand(2, 3, 6, 6) * 3)          # running statistics and the counter move
            sd = m.state_dict()
            torch.save(sd, 'model.pt')
            for name, t in sd.items(): save(name, t)
            m.eval(); x = torch.rand(1, 3, 5, 5); save('x', x); save('y', m(x))
            print(json.dumps([[name, list(t.shape), str(t.dtype)] for name, t in sd.items()]))
            """)!.Value.EnumerateArray().ToList();
        using var scope = NewDisposeScope();

        var loaded = StateDictFiles.Load(exchange.PathOf("model.pt"));

        // Every name, but not in the file's order: PyBridge unpickles the OrderedDict into a Hashtable.
        Assert.Equal(entries.Select(e => e[0].GetString()!).Order(), loaded.Keys.Order());
        foreach (var entry in entries)
        {
            var name = entry[0].GetString()!;
            var t = loaded[name];
            Assert.Equal(entry[1].EnumerateArray().Select(d => d.GetInt64()), t.shape);
            Assert.Equal(entry[2].GetString() == "torch.int64" ? ScalarType.Int64 : ScalarType.Float32, t.dtype);
            Assert.Equal(DeviceType.CPU, t.device_type);
            Assert.True(File.ReadAllBytes(exchange.PathOf(name)).AsSpan().SequenceEqual(t.contiguous().bytes), $"{name} differs from PyTorch's");
        }
        Assert.Equal(1L, loaded["1.num_batches_tracked"].item<long>());

        // The file drives a TorchSharp model to PyTorch's output.
        using var model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4));
        model.load_state_dict_checked(loaded);
        model.eval();
        var y = model.forward(exchange.Tensor("x", 1, 3, 5, 5)).data<float>().ToArray();
        var expected = exchange.Floats("y");
        Assert.Equal(expected.Length, y.Length);
        for (var i = 0; i < y.Length; i++) Assert.True(Math.Abs(expected[i] - y[i]) <= 1e-5, $"output {i}: {y[i]}, PyTorch {expected[i]}");
    }

    [PyTorchFact]
    public void ATruncatedOrForeignFileIsInvalidDataNamingTheFile()
    {
        using var exchange = new PythonExchange();
        exchange.Run("torch.save({'w': torch.ones(64, 64)}, 'w.pt')");
        var bytes = File.ReadAllBytes(exchange.PathOf("w.pt"));
        var truncated = Path.Combine(folder, "truncated.pt");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var foreign = Path.Combine(folder, "notes.pth");
        File.WriteAllText(foreign, "not a pickle, not a zip");

        var e = Assert.Throws<InvalidDataException>(() => StateDictFiles.Load(truncated));
        Assert.StartsWith(truncated + ": ", e.Message);
        Assert.NotNull(e.InnerException);                     // PyBridge's own error is kept
        e = Assert.Throws<InvalidDataException>(() => StateDictFiles.Load(foreign));
        Assert.StartsWith(foreign + ": ", e.Message);

        using var scope = NewDisposeScope();
        Assert.Equal(4096, StateDictFiles.Load(exchange.PathOf("w.pt"))["w"].numel());   // the whole file reads
    }

    [Fact]
    public void AMissingFileIsNamed()
    {
        var path = Path.Combine(folder, "absent.pt");
        var e = Assert.Throws<FileNotFoundException>(() => StateDictFiles.Load(path));
        Assert.Equal(path, e.FileName);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void SafetensorsFilesAreReadBySafetensors()
    {
        var path = Path.Combine(folder, "w.SafeTensors");
        using var scope = NewDisposeScope();
        Safetensors.Save(path, new OrderedDictionary<string, Tensor> { ["b"] = tensor(new[] { 3L }), ["a"] = tensor(new[] { 0.5f }) });

        var loaded = StateDictFiles.Load(path);

        Assert.Equal(["b", "a"], loaded.Keys);                // header order, as Safetensors.Load gives
        Assert.Equal(3L, loaded["b"].item<long>());
        Assert.Equal(0.5f, loaded["a"].item<float>());
    }
}
