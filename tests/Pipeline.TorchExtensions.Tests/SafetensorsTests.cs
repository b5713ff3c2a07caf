using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Pipeline.Tests.Shared;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.TorchExtensions.Tests;

/// <summary>The safetensors format read and written byte for byte, every element type's bits kept, damage named, writes atomic.</summary>
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

    private static byte[] Bytes(Tensor t)
    {
        using var dense = t.contiguous();
        return dense.bytes.ToArray();
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

        using var scope = NewDisposeScope();
        var tensors = Safetensors.Load(path);

        Assert.Equal(["w", "n"], tensors.Keys);
        Assert.Equal([2L, 1], tensors["w"].shape);
        Assert.Equal(ScalarType.Float32, tensors["w"].dtype);
        Assert.Equal([1.5f, -2f], tensors["w"].data<float>().ToArray());
        Assert.Equal(ScalarType.Int16, tensors["n"].dtype);
        Assert.Empty(tensors["n"].shape);
        Assert.Equal((short)-3, tensors["n"].item<short>());
        Assert.Equal(DeviceType.CPU, tensors["w"].device_type);
        Assert.Equal("pt", Safetensors.ReadMetadata(path)["format"]);
    }

    [Fact]
    public void WritesTheFormatByteForByte()
    {
        var path = PathOf("exact.safetensors");
        using var scope = NewDisposeScope();

        Safetensors.Save(path, new Dictionary<string, Tensor> { ["a"] = tensor(new byte[] { 7, 8, 9 }), ["b"] = tensor(new[] { -1.5f }) },
                         new Dictionary<string, string> { ["k"] = "v" });

        const string json = """{"__metadata__":{"k":"v"},"a":{"dtype":"U8","shape":[3],"data_offsets":[0,3]},"b":{"dtype":"F32","shape":[1],"data_offsets":[3,7]}}""";
        var padded = json + new string(' ', (8 - json.Length % 8) % 8);   // data starts 8-byte aligned, padded with spaces
        Assert.NotEqual(json.Length, padded.Length);                        // this header does need padding
        Assert.Equal(FileBytes(padded, 7, 8, 9, 0x00, 0x00, 0xC0, 0xBF), File.ReadAllBytes(path));
    }

    [Fact]
    public void TheDataAlwaysStartsOnAnEightByteBoundary()
    {
        using var scope = NewDisposeScope();
        for (var length = 1; length <= 8; length++)                         // names of every length shift the header by one byte
        {
            var path = PathOf($"pad{length}.safetensors");
            Safetensors.Save(path, new Dictionary<string, Tensor> { [new string('x', length)] = ones(2) });
            var bytes = File.ReadAllBytes(path);
            var headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            Assert.Equal(0, (8 + headerLength) % 8);
            Assert.Equal(8 + headerLength + 8, bytes.Length);
            var header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
            Assert.EndsWith("}", header.TrimEnd(' '));
            Assert.True(header.TrimEnd(' ').Length > headerLength - 8, "at most 7 spaces of padding");
            Assert.Equal([1f, 1f], Safetensors.Load(path)[new string('x', length)].data<float>().ToArray());
        }
    }

    [Fact]
    public void RoundTripsTheBitsOfEveryElementType()
    {
        var path = PathOf("all.safetensors");
        using var scope = NewDisposeScope();
        var tensors = new OrderedDictionary<string, Tensor>
        {
            ["f32"] = tensor(new[] { 1.5f, -0.25f, 3e38f, float.Epsilon, 0f, -0f, float.NaN, float.NegativeInfinity }, 2, 4),
            ["f64"] = tensor(new[] { Math.PI, -1e300, double.Epsilon, -0.0 }),
            ["f16"] = tensor(new[] { 0.5f, -2f, 65504f, 0.000061035156f, 5.9604645e-8f }).to(ScalarType.Float16),
            ["bf16"] = tensor(new[] { 1f, -3f, 0.15625f, 3.3895314e38f, 9.18355e-41f }).to(ScalarType.BFloat16),
            ["i64"] = tensor(new[] { long.MinValue, long.MaxValue, 0 }),
            ["i32"] = tensor(new[] { int.MinValue, int.MaxValue, -1 }),
            ["i16"] = tensor(new short[] { -32768, 32767, 5 }),
            ["i8"] = tensor(new sbyte[] { -128, 127, -1 }),
            ["u8"] = tensor(new byte[] { 0, 255, 17 }),
            ["bool"] = tensor(new[] { true, false, true }),
            ["scalar"] = tensor(2.5),
            ["empty"] = zeros(0, 3),
            ["transposed"] = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3).t(),   // not contiguous: saved row-major
        };
        Assert.False(tensors["transposed"].is_contiguous());

        Safetensors.Save(path, tensors);
        var loaded = Safetensors.Load(path);

        Assert.Equal(tensors.Keys, loaded.Keys);
        foreach (var (name, original) in tensors)
        {
            var copy = loaded[name];
            Assert.Equal(original.dtype, copy.dtype);
            Assert.Equal(original.shape, copy.shape);
            Assert.True(Bytes(original).SequenceEqual(Bytes(copy)), $"{name} changed in the round trip");
        }
        Assert.Equal([1f, 4f, 2f, 5f, 3f, 6f], loaded["transposed"].data<float>().ToArray());
        Assert.Equal(0, loaded["empty"].numel());
        Assert.Empty(Safetensors.ReadMetadata(path));
        Assert.All(tensors.Values, t => Assert.False(t.IsInvalid));          // saving left the caller's tensors alive
    }

    [Fact]
    public void KeepsMetadataAndAModuleStateDict()
    {
        var path = PathOf("model.safetensors");
        using var source = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4));
        using var target = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4));
        using var g = new Generator(5, CPU);
        using var scope = NewDisposeScope();
        source.forward(rand([2, 3, 5, 5], generator: g));      // running statistics and num_batches_tracked move away from their defaults
        var metadata = new Dictionary<string, string> { ["epoch"] = "12", ["note"] = "ünïcode \"quoted\"\n" };

        Safetensors.Save(path, source.state_dict(), metadata);
        target.load_state_dict_checked(Safetensors.Load(path));

        Assert.Equal(metadata, Safetensors.ReadMetadata(path));
        Assert.Equal(source.state_dict().Keys, Safetensors.Load(path).Keys);
        foreach (var (name, value) in source.state_dict())
            Assert.True(Bytes(value).SequenceEqual(Bytes(target.state_dict()[name])), $"{name} differs");
        Assert.Equal(1L, target.state_dict()["1.num_batches_tracked"].item<long>());
    }

    [Fact]
    public void ASaveReplacesTheFileAtomically()
    {
        var path = PathOf("weights.safetensors");
        using var scope = NewDisposeScope();
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["x"] = ones(2) });
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["y"] = zeros(3) });     // replaces the file
        Assert.Equal([path], Directory.GetFiles(folder));
        Assert.Equal(["y"], Safetensors.Load(path).Keys);

        // Refused before writing: a reserved name, an unsupported type.
        var before = File.ReadAllBytes(path);
        Assert.Throws<ArgumentException>(() => Safetensors.Save(path, new Dictionary<string, Tensor> { ["__metadata__"] = ones(1) }));
        var complex = Assert.Throws<ArgumentException>(() => Safetensors.Save(path, new Dictionary<string, Tensor> { ["c"] = ones(1, ScalarType.ComplexFloat32) }));
        Assert.Contains("'c'", complex.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(folder));
    }

    [Fact]
    public void AWriteThatFailsHalfWayLeavesTheOldFileAndNoTemporary()
    {
        var path = PathOf("weights.safetensors");
        using var scope = NewDisposeScope();
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["x"] = ones(2) });
        var before = File.ReadAllBytes(path);

        // A meta tensor has a dtype and a shape, so the header is written, but no data: copying it to the CPU fails
        // after the first tensor's bytes are already in the temporary file.
        var meta = empty([4], device: new Device(DeviceType.META));
        var e = Assert.Throws<ExternalException>(() => Safetensors.Save(path, new OrderedDictionary<string, Tensor> { ["a"] = ones(1000), ["m"] = meta }));
        Assert.Contains("meta", e.Message, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(folder));   // hidden temporaries included: GetFiles lists dot files
    }

    [Fact]
    public void AtomicFileRemovesItsTemporaryWhenTheWriterThrows()
    {
        var path = PathOf("status.json");
        AtomicFile.WriteAllText(path, "old");

        var e = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[1 << 21]);                  // past the 1 MiB buffer: really on disk
            throw new IOException("disk full");
        }));

        Assert.Equal("disk full", e.Message);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(folder));
    }

    [LinuxFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void AtomicFileCreatesTheFileWithTheGivenMode()
    {
        var path = PathOf("secret");
        AtomicFile.WriteAllText(path, "key", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal("key", File.ReadAllText(path));
    }

    [Fact]
    public void TruncatedFilesFailNamingTheFile()
    {
        var path = PathOf("cut.safetensors");
        using var scope = NewDisposeScope();
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["x"] = ones(4) });
        var bytes = File.ReadAllBytes(path);

        File.WriteAllBytes(path, bytes[..^3]);                         // the data ends early
        var e = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("'x'", e.Message);

        File.WriteAllBytes(path, bytes[..20]);                          // the header ends early
        e = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        Assert.StartsWith(path + ": truncated", e.Message);
        Assert.Throws<InvalidDataException>(() => Safetensors.ReadMetadata(path));

        File.WriteAllBytes(path, bytes[..5]);                           // not even the length
        e = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        Assert.StartsWith(path + ": truncated", e.Message);
    }

    [Fact]
    public void BadHeadersAndOffsetsAreNamed()
    {
        var path = PathOf("bad.safetensors");
        void Expect(byte[] file, params string[] parts)
        {
            File.WriteAllBytes(path, file);
            var e = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
            Assert.StartsWith(path + ": ", e.Message);
            foreach (var part in parts) Assert.Contains(part, e.Message);
        }

        Expect(FileBytes("{not json", 0), "bad header", "JSON");
        Expect(FileBytes("[1, 2]", 0), "bad header", "not an object");
        Expect(FileBytes("""{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}""", new byte[8]), "offsets out of range", "'w'");
        Expect(FileBytes("""{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", new byte[8]), "needs 12 bytes", "'w'");
        Expect(FileBytes("""{"w":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}""", 0), "F8_E4M3");
        Expect(FileBytes("""{"w":{"shape":[1],"data_offsets":[0,1]}}""", 0), "'w' has no dtype");
        Expect(FileBytes("""{"w":{"dtype":"U8","shape":[-1],"data_offsets":[0,1]}}""", 0), "'w'", "non-negative integer");
        Expect(FileBytes("""{"w":{"dtype":"U8","shape":[1],"data_offsets":[1]}}""", 0), "two data_offsets");
        Expect(FileBytes("""{"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}""", 0), "'w' appears twice");
        Expect(FileBytes("""{"__metadata__":{"epoch":12}}"""), "metadata 'epoch' is not a string");

        var huge = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(huge, ulong.MaxValue);  // an absurd header length is refused before any allocation
        Expect(huge, "bad header", "exceeds");
    }

    [PyTorchFact]
    public void AnIndependentReaderInPythonSeesTheSameValues()
    {
        // Debian's PyTorch 1.13 has no safetensors package: a 10-line reader of the published format (json + numpy) stands in.
        using var exchange = new PythonExchange();
        using var scope = NewDisposeScope();
        var tensors = new OrderedDictionary<string, Tensor>
        {
            ["w"] = tensor(new[] { 1.5f, -2.25f, 1e-3f, 7f, 0f, -0f }, 2, 3),
            ["n"] = tensor(new[] { -5L, 1L << 40 }),
            ["h"] = tensor(new[] { 0.1f, -3f, 100f }).to(ScalarType.BFloat16),
        };
        Safetensors.Save(exchange.PathOf("t.safetensors"), tensors, new Dictionary<string, string> { ["epoch"] = "3" });

        var read = exchange.Run("""
            import struct
            raw = open('t.safetensors', 'rb').read()
            (n,) = struct.unpack('<Q', raw[:8])
            header = json.loads(raw[8:8 + n])
            data = raw[8 + n:]
            kinds = {'F32': np.float32, 'I64': np.int64, 'BF16': np.uint16}
            out = {'aligned': (8 + n) % 8 == 0, 'metadata': header.pop('__metadata__')}
            for name, e in header.items():
                b, end = e['data_offsets']
                v = np.frombuffer(data[b:end], dtype=kinds[e['dtype']]).reshape(e['shape'])
                if e['dtype'] == 'BF16': v = (v.astype(np.uint32) << 16).view(np.float32)
                out[name] = {'shape': list(v.shape), 'values': v.flatten().tolist()}
            print(json.dumps(out))
            """)!.Value;

        Assert.True(read.GetProperty("aligned").GetBoolean());
        Assert.Equal("3", read.GetProperty("metadata").GetProperty("epoch").GetString());
        foreach (var (name, t) in tensors)
        {
            var entry = read.GetProperty(name);
            Assert.Equal(t.shape, entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
            using var wide = t.to(ScalarType.Float64);
            Assert.Equal(wide.data<double>().ToArray(), entry.GetProperty("values").EnumerateArray().Select(e => e.GetDouble()));
        }
    }

    [CudaFact]
    public void LoadsOntoACudaDevice()
    {
        var path = PathOf("gpu.safetensors");
        using var scope = NewDisposeScope();
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["x"] = tensor(new[] { 1f, 2f }).cuda() });
        var loaded = Safetensors.Load(path, DeviceId.CUDA(0));
        Assert.Equal(DeviceType.CUDA, loaded["x"].device_type);
        Assert.Equal([1f, 2f], loaded["x"].ToArray<float>());
    }
}
