using System.Buffers.Binary;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.TorchExtensions;

/// <summary>
/// The safetensors format (github.com/huggingface/safetensors): an 8-byte little-endian header length, a UTF-8
/// JSON header mapping each tensor name to {dtype, shape, data_offsets: [begin, end)} plus an optional
/// "__metadata__" string map, then the raw little-endian tensor bytes (offsets relative to the end of the header).
/// Tensors are loaded in header order, which is the order Save writes them.
/// </summary>
public static class Safetensors
{
    private const string MetadataKey = "__metadata__";
    private const long MaxHeaderBytes = 100_000_000; // the reference implementation's limit, against absurd lengths

    private static readonly Dictionary<string, ScalarType> DTypes = new()
    {
        ["F64"] = ScalarType.Float64, ["F32"] = ScalarType.Float32, ["F16"] = ScalarType.Float16, ["BF16"] = ScalarType.BFloat16,
        ["I64"] = ScalarType.Int64, ["I32"] = ScalarType.Int32, ["I16"] = ScalarType.Int16, ["I8"] = ScalarType.Int8,
        ["U8"] = ScalarType.Byte, ["BOOL"] = ScalarType.Bool,
    };

    private static readonly Dictionary<ScalarType, string> DTypeNames = DTypes.ToDictionary(kv => kv.Value, kv => kv.Key);

    /// <summary>
    /// Writes the tensors (from any device) in the dictionary's order. The file is written to a temporary file in
    /// the same folder and renamed over <paramref name="path"/>, so readers see the old file or the complete new one.
    /// </summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = Header(tensors, metadata);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            foreach (var t in tensors.Values)
            {
                using var host = t.cpu().contiguous();
                stream.Write(host.bytes);
            }
        });
    }

    /// <summary>The JSON header, padded with spaces so the data starts at an 8-byte boundary (as the reference writer does).</summary>
    private static byte[] Header(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var json = new MemoryStream();
        using (var w = new Utf8JsonWriter(json))
        {
            w.WriteStartObject();
            if (metadata is not null)
            {
                w.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata) w.WriteString(key, value);
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, t) in tensors)
            {
                if (name == MetadataKey) throw new ArgumentException($"'{MetadataKey}' is reserved and cannot name a tensor", nameof(tensors));
                var type = t.dtype;
                if (!DTypeNames.TryGetValue(type, out var typeName))
                    throw new ArgumentException($"tensor '{name}' has element type {type}, which safetensors does not support here", nameof(tensors));
                var shape = t.shape;
                var bytes = shape.Aggregate(1L, (a, b) => a * b) * ElementSize(type);
                w.WriteStartObject(name);
                w.WriteString("dtype", typeName);
                w.WriteStartArray("shape");
                foreach (var s in shape) w.WriteNumberValue(s);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + bytes);
                w.WriteEndArray();
                w.WriteEndObject();
                offset += bytes;
            }
            w.WriteEndObject();
        }
        var padding = (int)((8 - json.Length % 8) % 8);
        for (var k = 0; k < padding; k++) json.WriteByte((byte)' ');
        return json.ToArray();
    }

    /// <summary>Reads every tensor, in header order, onto the device (the CPU by default). The tensors belong to the current dispose scope.</summary>
    public static OrderedDictionary<string, Tensor> Load(string path, DeviceId? device = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var (entries, _, dataStart) = ReadHeader(stream, path);
        var result = new OrderedDictionary<string, Tensor>();
        try
        {
            foreach (var e in entries)
            {
                var t = empty(e.Shape, e.DType);
                stream.Position = dataStart + e.Begin;
                stream.ReadExactly(t.bytes);
                if (device is { IsCuda: true } target)
                {
                    var moved = t.to(target.ToTorch());
                    t.Dispose();
                    t = moved;
                }
                result.Add(e.Name, t);
            }
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
        return result;
    }

    /// <summary>The "__metadata__" map of the header (empty when absent), without reading any tensor data.</summary>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return ReadHeader(stream, path).metadata;
    }

    private sealed record Entry(string Name, ScalarType DType, long[] Shape, long Begin, long End);

    private static (List<Entry> entries, Dictionary<string, string> metadata, long dataStart) ReadHeader(FileStream stream, string path)
    {
        var fileLength = stream.Length;
        if (fileLength < 8) throw Invalid(path, $"truncated: {fileLength} bytes, fewer than the 8-byte header length");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes) throw Invalid(path, $"bad header: header length {headerLength} exceeds {MaxHeaderBytes} bytes");
        if ((long)headerLength > fileLength - 8)
            throw Invalid(path, $"truncated: the header needs {headerLength} bytes, the file has {fileLength - 8} after the length");
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        var dataStart = 8 + (long)headerLength;
        var dataLength = fileLength - dataStart;

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(headerBytes);
        }
        catch (JsonException e)
        {
            throw Invalid(path, $"bad header: not valid JSON ({e.Message})");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw Invalid(path, "bad header: the JSON header is not an object");
            var entries = new List<Entry>();
            var metadata = new Dictionary<string, string>();
            var names = new HashSet<string>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!names.Add(property.Name)) throw Invalid(path, $"bad header: '{property.Name}' appears twice");
                if (property.Name == MetadataKey)
                    ReadMetadata(property.Value, metadata, path);
                else
                    entries.Add(ReadEntry(property.Name, property.Value, dataLength, path));
            }
            return (entries, metadata, dataStart);
        }
    }

    private static void ReadMetadata(JsonElement element, Dictionary<string, string> metadata, string path)
    {
        if (element.ValueKind != JsonValueKind.Object) throw Invalid(path, $"bad header: '{MetadataKey}' is not an object");
        foreach (var item in element.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Invalid(path, $"bad header: metadata '{item.Name}' is not a string");
            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static Entry ReadEntry(string name, JsonElement element, long dataLength, string path)
    {
        if (element.ValueKind != JsonValueKind.Object) throw Invalid(path, $"bad header: tensor '{name}' is not an object");
        if (!element.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw Invalid(path, $"bad header: tensor '{name}' has no dtype");
        var dtypeName = dtypeElement.GetString()!;
        if (!DTypes.TryGetValue(dtypeName, out var dtype))
            throw Invalid(path, $"tensor '{name}' has dtype {dtypeName}; supported: {string.Join(", ", DTypes.Keys)}");
        var shape = Integers(element, "shape", name, path);
        var offsets = Integers(element, "data_offsets", name, path);
        if (offsets.Length != 2) throw Invalid(path, $"bad header: tensor '{name}' needs two data_offsets, has {offsets.Length}");
        var (begin, end) = (offsets[0], offsets[1]);
        if (begin > end || end > dataLength)
            throw Invalid(path, $"offsets out of range: tensor '{name}' has data_offsets [{begin}, {end}], the data section has {dataLength} bytes" +
                                (end > dataLength ? " (the file may be truncated)" : ""));
        var expected = shape.Aggregate(1L, (a, b) => checked(a * b)) * ElementSize(dtype);
        if (end - begin != expected)
            throw Invalid(path, $"bad header: tensor '{name}' ({dtypeName} [{string.Join(", ", shape)}]) needs {expected} bytes, its data_offsets span {end - begin}");
        if (expected > Array.MaxLength) throw Invalid(path, $"tensor '{name}' has {expected} bytes, more than one read can hold");
        return new Entry(name, dtype, shape, begin, end);
    }

    private static long[] Integers(JsonElement element, string field, string name, string path)
    {
        if (!element.TryGetProperty(field, out var array) || array.ValueKind != JsonValueKind.Array)
            throw Invalid(path, $"bad header: tensor '{name}' has no {field} array");
        return array.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var x) && x >= 0
            ? x
            : throw Invalid(path, $"bad header: tensor '{name}' has a {field} entry that is not a non-negative integer")).ToArray();
    }

    private static long ElementSize(ScalarType type) => type switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        _ => 1,
    };

    private static InvalidDataException Invalid(string path, string problem) => new($"{path}: {problem}");
}
