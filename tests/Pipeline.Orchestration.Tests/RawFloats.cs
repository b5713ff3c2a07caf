using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Pipeline.Orchestration.Tests;

/// <summary>Tensors a PyTorch reference script wrote with numpy's tofile: raw little-endian float32, row-major.</summary>
internal static class RawFloats
{
    /// <summary>The file as a float32 tensor of the given shape (owned by the current dispose scope).</summary>
    public static Tensor Read(string path, params long[] shape) =>
        tensor(MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray(), shape);
}
