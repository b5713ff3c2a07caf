using System.IO.Compression;

namespace Pipeline.Torch.Serialization;

/// <summary>
/// Reads a state dict written by PyTorch's torch.save (the zip format of PyTorch ≥ 1.6): data.pkl holds the
/// pickled dict, data/N the raw storages. Only tensors, parameters and plain containers are rebuilt; any
/// other Python object is reported by name, never executed.
/// </summary>
public static class TorchCheckpoint
{
    private static readonly Dictionary<string, ScalarType> StorageTypes = new()
    {
        ["FloatStorage"] = ScalarType.Float32,
        ["DoubleStorage"] = ScalarType.Float64,
        ["HalfStorage"] = ScalarType.Float16,
        ["BFloat16Storage"] = ScalarType.BFloat16,
        ["LongStorage"] = ScalarType.Int64,
        ["IntStorage"] = ScalarType.Int32,
        ["ShortStorage"] = ScalarType.Int16,
        ["CharStorage"] = ScalarType.Int8,
        ["ByteStorage"] = ScalarType.Byte,
        ["BoolStorage"] = ScalarType.Bool,
    };

    /// <summary>
    /// The tensors of the state dict in file order. When the file holds a dict of dicts (a training checkpoint),
    /// <paramref name="entry"/> picks one (e.g. "model" or "state_dict").
    /// </summary>
    public static OrderedDictionary<string, Tensor> LoadStateDict(string path, Device? device = null, string? entry = null)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var pickle = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1)
                ?? throw new InvalidDataException("no <archive>/data.pkl entry: not a torch.save zip file (files from PyTorch < 1.6 are not supported; re-save with a newer PyTorch)");
            var prefix = pickle.FullName[..^"data.pkl".Length];
            var storages = new Dictionary<string, Tensor>();
            using var scope = torch.NewDisposeScope();
            object? root;
            using (var stream = pickle.Open())
            {
                var unpickler = new Unpickler(stream, Call, id => LoadStorage(zip, prefix, id, storages));
                root = unpickler.Load();
            }
            var dict = Select(root, entry, path);
            var result = new OrderedDictionary<string, Tensor>();
            foreach (var (key, value) in dict)
            {
                if (value is not Tensor t) continue;
                result.Add((string)key, (device is { } d ? t.to(d) : t.clone()).MoveToOuterDisposeScope());
            }
            return result;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or InvalidCastException or KeyNotFoundException)
        {
            throw new InvalidDataException($"{path}: cannot read as a PyTorch state dict: {e.Message}", e);
        }
    }

    private static Dictionary<object, object?> Select(object? root, string? entry, string path)
    {
        if (root is not Dictionary<object, object?> dict) throw new InvalidDataException("the file does not hold a dict");
        if (entry is not null)
            return dict.TryGetValue(entry, out var inner) && inner is Dictionary<object, object?> d
                ? d
                : throw new InvalidDataException($"no dict entry '{entry}'; entries: {string.Join(", ", dict.Keys)}");
        if (dict.Values.Any(v => v is Tensor)) return dict;
        var nested = dict.Where(kv => kv.Value is Dictionary<object, object?>).Select(kv => kv.Key).ToList();
        throw new InvalidDataException($"the dict holds no tensors; pick one of its entries: {string.Join(", ", nested)}");
    }

    private static object? Call(PyGlobal f, object?[] args) => (f.Module, f.Name) switch
    {
        ("collections", "OrderedDict") => new Dictionary<object, object?>(),
        ("torch._utils", "_rebuild_tensor_v2") => RebuildTensor(args),
        ("torch._utils", "_rebuild_parameter") => args[0],
        ("torch._utils", "_rebuild_parameter_with_state") => args[0],
        _ => new PyObject(f, args),
    };

    // args: (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
    private static Tensor RebuildTensor(object?[] args)
    {
        var storage = (Tensor)args[0]!;
        var offset = (long)args[1]!;
        var size = ((object?[])args[2]!).Select(o => (long)o!).ToArray();
        var stride = ((object?[])args[3]!).Select(o => (long)o!).ToArray();
        return storage.as_strided(size, stride, offset).contiguous();
    }

    // Persistent id: ('storage', <torch.XStorage>, key, location, numel).
    private static Tensor LoadStorage(ZipArchive zip, string prefix, object? id, Dictionary<string, Tensor> storages)
    {
        var parts = (object?[])id!;
        if (parts.Length < 5 || (string?)parts[0] != "storage") throw new InvalidDataException("unexpected persistent id");
        var type = (PyGlobal)parts[1]!;
        var key = (string)parts[2]!;
        if (storages.TryGetValue(key, out var cached)) return cached;
        if (!StorageTypes.TryGetValue(type.Name, out var dtype)) throw new InvalidDataException($"unsupported storage type {type}");
        var entry = zip.GetEntry(prefix + "data/" + key) ?? throw new InvalidDataException($"storage data/{key} is missing");
        var bytes = new byte[entry.Length];
        using (var s = entry.Open()) s.ReadExactly(bytes);
        var tensor = torch.from_bytes(bytes, dtype, bytes.Length / dtype.ElementSize());
        storages[key] = tensor;
        return tensor;
    }
}
