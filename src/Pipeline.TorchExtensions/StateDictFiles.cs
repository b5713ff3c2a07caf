using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Pipeline.TorchExtensions;

/// <summary>
/// Reads a state dict from a file by its format: safetensors (<see cref="Safetensors"/>) or PyTorch's torch.save
/// (.pt, .pth: torchvision's published weights), the latter through TorchSharp.PyBridge's unpickler. Load the result
/// with <see cref="CheckedStateDict.load_state_dict_checked"/>, which matches names and shapes.
/// </summary>
public static class StateDictFiles
{
    /// <summary>Name → tensor on the CPU; the tensors belong to the current dispose scope.</summary>
    public static OrderedDictionary<string, Tensor> Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: weights file not found", path);
        if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)) return Safetensors.Load(path);
        Hashtable table;
        try
        {
            table = PyTorchUnpickler.UnpickleStateDict(path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{path}: not a readable torch.save state dict ({e.Message})", e);
        }
        var result = new OrderedDictionary<string, Tensor>();
        foreach (DictionaryEntry entry in table)
            if (entry.Key is string name && entry.Value is Tensor tensor) result[name] = tensor;
        return result;
    }
}
