using System.Buffers.Binary;
using System.Text;
using Pipeline.Torch.nn;
using Pipeline.Torch.Serialization;
using static Pipeline.Torch.Tests.TestDevice;

namespace Pipeline.Torch.Tests;

public sealed class SafetensorsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("safetensors-tests-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string PathOf(string name) => Path.Combine(folder, name);

    /// <summary>An 8-byte little-endian header length, the header, then the data: the format written out by hand.</summary>
    private static byte[] FileBytes(string header, params byte[] data)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        return bytes;
    }

    [Fact]
    public void ReadsAHandBuiltFile()
    {
        var path = PathOf("hand.safetensors");
        File.WriteAllBytes(path, FileBytes(
            """{"w":{"dtype":"F32","shape":[2,1],"data_offsets":[0,8]},"__metadata__":{"format":"pt"},"n":{"dtype":"I16","shape":[],"data_offsets":[8,10]}}""",
            0x00, 0x00, 0xC0, 0x3F,    // 1.5f
            0x00, 0x00, 0x00, 0xC0,    // -2f
            0xFD, 0xFF));              // (short)-3

        using var scope = torch.NewDisposeScope();
        var tensors = Safetensors.Load(path);

        Assert.Equal(["w", "n"], tensors.Keys);
        Assert.Equal([2, 1], tensors["w"].shape);
        Assert.Equal([1.5f, -2f], tensors["w"].data<float>());
        Assert.Equal(ScalarType.Int16, tensors["n"].dtype);
        Assert.Empty(tensors["n"].shape);
        Assert.Equal((short)-3, tensors["n"].item<short>());
        Assert.Equal("pt", Safetensors.ReadMetadata(path)["format"]);
    }

    [Fact]
    public void WritesTheFormatByteForByte()
    {
        var path = PathOf("exact.safetensors");
        using var scope = torch.NewDisposeScope();

        Safetensors.Save(path, new Dictionary<string, Tensor> { ["a"] = torch.tensor(new byte[] { 7, 8, 9 }) },
                         new Dictionary<string, string> { ["k"] = "v" });

        const string json = """{"__metadata__":{"k":"v"},"a":{"dtype":"U8","shape":[3],"data_offsets":[0,3]}}""";
        var padded = json + new string(' ', (8 - json.Length % 8) % 8);   // data starts 8-byte aligned
        Assert.Equal(FileBytes(padded, 7, 8, 9), File.ReadAllBytes(path));
    }

    [Fact]
    public void RoundTripsEveryElementType()
    {
        var path = PathOf("all.safetensors");
        using var scope = torch.NewDisposeScope();
        var tensors = new OrderedDictionary<string, Tensor>
        {
            ["f32"] = Floats([1.5f, -0.25f, 3e38f, float.Epsilon, 0f, -0f], 2, 3),
            ["f64"] = Doubles([Math.PI, -1e300, double.Epsilon]),
            ["f16"] = Floats([0.5f, -2f, 65504f, 0.000061035156f]).to(ScalarType.Float16),
            ["bf16"] = Floats([1f, -3f, 0.15625f, 3.3895314e38f]).to(ScalarType.BFloat16),
            ["i64"] = Longs([long.MinValue, long.MaxValue, 0]),
            ["i32"] = On(torch.tensor(new[] { int.MinValue, int.MaxValue, -1 })),
            ["i16"] = On(torch.tensor(new[] { -32768, 32767, 5 })).to(ScalarType.Int16),
            ["i8"] = On(torch.tensor(new[] { -128, 127, -1 })).to(ScalarType.Int8),
            ["u8"] = On(torch.tensor(new byte[] { 0, 255, 17 })),
            ["bool"] = Bools([true, false, true]),
            ["scalar"] = Doubles([2.5]).reshape(),
            ["empty"] = torch.zeros([0, 3]),
            ["transposed"] = Floats([1, 2, 3, 4, 5, 6], 2, 3).transpose(0, 1),   // not contiguous: saved row-major
        };

        Safetensors.Save(path, tensors);
        var loaded = Safetensors.Load(path, Current);

        Assert.Equal(tensors.Keys, loaded.Keys);
        foreach (var (name, original) in tensors)
        {
            var copy = loaded[name];
            Assert.Equal(original.dtype, copy.dtype);
            Assert.Equal(original.shape, copy.shape);
            Assert.Equal(Current, copy.device);
            Assert.True(SameBits(original, copy), $"{name} changed in the round trip");
        }
        Assert.Equal([1f, 4f, 2f, 5f, 3f, 6f], loaded["transposed"].data<float>());
        Assert.Empty(Safetensors.ReadMetadata(path));
    }

    // Every supported type widens exactly to float64 or int64; comparing float bits also tells 0 from -0.
    private static bool SameBits(Tensor a, Tensor b) => a.dtype switch
    {
        ScalarType.Bool => a.data<bool>().SequenceEqual(b.data<bool>()),
        var t when t.IsFloatingPoint() => Bits(a).SequenceEqual(Bits(b)),
        _ => a.to(ScalarType.Int64).data<long>().SequenceEqual(b.to(ScalarType.Int64).data<long>()),
    };

    private static IEnumerable<long> Bits(Tensor t) => t.to(ScalarType.Float64).data<double>().Select(BitConverter.DoubleToInt64Bits);

    [Fact]
    public void KeepsMetadataAndAModuleStateDict()
    {
        var path = PathOf("model.safetensors");
        torch.manual_seed(5);
        using var source = new Sequential(new Conv2d(3, 4, 3), new BatchNorm2d(4));
        using var target = new Sequential(new Conv2d(3, 4, 3), new BatchNorm2d(4));
        using var scope = torch.NewDisposeScope();
        source.forward(torch.rand([2, 3, 5, 5]));      // running statistics and num_batches_tracked move away from their defaults
        var metadata = new Dictionary<string, string> { ["epoch"] = "12", ["note"] = "ünïcode \"quoted\"" };

        Safetensors.Save(path, source.state_dict(), metadata);
        target.load_state_dict(Safetensors.Load(path));

        Assert.Equal(metadata, Safetensors.ReadMetadata(path));
        Assert.Equal(source.state_dict().Keys, Safetensors.Load(path).Keys);
        Assert.Equal(1L, ((BatchNorm2d)target[1]).num_batches_tracked.item<long>());
        Assert.Equal(((BatchNorm2d)source[1]).running_var.data<float>(), ((BatchNorm2d)target[1]).running_var.data<float>());
        Assert.Equal(((Conv2d)source[0]).weight.data.data<float>(), ((Conv2d)target[0]).weight.data.data<float>());
    }

    [Fact]
    public void SavesAtomicallyLeavingNoTemporaryFile()
    {
        var path = PathOf("weights.safetensors");
        using var scope = torch.NewDisposeScope();
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["x"] = torch.ones([2]) });
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["y"] = torch.zeros([3]) });     // replaces the file
        Assert.Equal([path], Directory.GetFiles(folder));
        Assert.Equal(["y"], Safetensors.Load(path).Keys);

        // A save that fails leaves the previous file as it was, and nothing else.
        var before = File.ReadAllBytes(path);
        Assert.Throws<ArgumentException>(() => Safetensors.Save(path, new Dictionary<string, Tensor> { ["__metadata__"] = torch.ones([1]) }));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(folder));
    }

    [Fact]
    public void TruncatedFilesFailNamingTheFile()
    {
        var path = PathOf("cut.safetensors");
        using var scope = torch.NewDisposeScope();
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["x"] = torch.ones([4]) });
        var bytes = File.ReadAllBytes(path);

        File.WriteAllBytes(path, bytes[..^3]);                         // the data ends early
        var e = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("'x'", e.Message);

        File.WriteAllBytes(path, bytes[..20]);                          // the header ends early
        e = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);

        File.WriteAllBytes(path, bytes[..5]);                           // not even the length
        e = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        Assert.StartsWith(path + ": truncated", e.Message);
    }

    [Fact]
    public void BadHeadersAndOffsetsAreNamed()
    {
        var path = PathOf("bad.safetensors");
        File.WriteAllBytes(path, FileBytes("{not json", 0));
        var e = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("bad header", e.Message);

        File.WriteAllBytes(path, FileBytes("""{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}""", new byte[8]));
        e = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        Assert.Contains("offsets out of range", e.Message);
        Assert.Contains("'w'", e.Message);

        File.WriteAllBytes(path, FileBytes("""{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", new byte[8]));
        e = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        Assert.Contains("needs 12 bytes", e.Message);

        File.WriteAllBytes(path, FileBytes("""{"w":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}""", 0));
        e = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        Assert.Contains("F8_E4M3", e.Message);
    }
}
