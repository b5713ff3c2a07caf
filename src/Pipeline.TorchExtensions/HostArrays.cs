using static TorchSharp.torch;

namespace Pipeline.TorchExtensions;

/// <summary>
/// A tensor's elements as a row-major managed array, from any device and any layout. TorchSharp's data&lt;T&gt;()
/// reads only CPU tensors; this copies through the host, with its temporaries disposed at once.
/// </summary>
public static class HostArrays
{
    public static T[] ToArray<T>(this Tensor tensor) where T : unmanaged
    {
        using var scope = NewDisposeScope();
        var elements = tensor.cpu().contiguous().data<T>();   // checks T against the dtype
        // TorchSharp's accessor throws ArgumentOutOfRangeException copying a tensor without elements.
        return elements.Count == 0 ? [] : elements.ToArray();
    }
}
