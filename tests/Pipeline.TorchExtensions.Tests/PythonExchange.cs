using System.Runtime.InteropServices;
using System.Text.Json;
using Pipeline.Tests.Shared;
using static TorchSharp.torch;

namespace Pipeline.TorchExtensions.Tests;

/// <summary>
/// A temporary folder shared with a PyTorch reference script: tensors go both ways as raw little-endian element
/// files (numpy's tofile/fromfile), results that are not tensors as one JSON line on standard output.
/// </summary>
internal sealed class PythonExchange : IDisposable
{
    // load('x', 'float32', 2, 3) and save('y', t) on the Python side, mirroring Write and Read here.
    private const string Prelude = """
        import json, math
        import numpy as np
        import torch
        torch.set_num_threads(1)
        def load(name, dtype, *shape):
            return torch.from_numpy(np.fromfile(name, dtype=dtype).reshape(shape)).clone()
        def save(name, t):
            t.detach().contiguous().numpy().tofile(name)

        """;

    public string Folder { get; } = Directory.CreateTempSubdirectory("torchext-pytorch-").FullName;

    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>Writes the tensor's elements in row-major order (float32 stays float32, float64 float64, int64 int64).</summary>
    public void Write(string name, Tensor t)
    {
        using var host = t.cpu();
        using var dense = host.contiguous();
        File.WriteAllBytes(PathOf(name), dense.bytes.ToArray());
    }

    public float[] Floats(string name) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(PathOf(name))).ToArray();

    public double[] Doubles(string name) => MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(PathOf(name))).ToArray();

    /// <summary>The file as a float32 tensor of the given shape (owned by the current dispose scope).</summary>
    public Tensor Tensor(string name, params long[] shape) => tensor(Floats(name), shape);

    /// <summary>Runs the script in the folder; returns the JSON it printed last (null where it printed nothing).</summary>
    public JsonElement? Run(string script)
    {
        var output = PyTorchReference.Run(Prelude + script, Folder).Trim();
        if (output.Length == 0) return null;
        using var document = JsonDocument.Parse(output.Split('\n')[^1]);
        return document.RootElement.Clone();
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
