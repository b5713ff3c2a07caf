using Pipeline.TorchExtensions;
using static TorchSharp.torch;

namespace Pipeline.Method.Transforms;

/// <summary>
/// Key-derived tensors (permutations, masks, tables) made once per name and device, so that a batch costs no
/// host-to-device copy after the first; disposing frees them all, and a use after that throws.
/// </summary>
internal sealed class DeviceConstants : IDisposable
{
    private readonly Dictionary<(string Name, DeviceId Device), Tensor> tensors = new();
    private bool disposed;

    /// <summary>The named constant on the device, made by <paramref name="createOnCpu"/> the first time it is asked for there.</summary>
    public Tensor Get(string name, DeviceId device, Func<Tensor> createOnCpu)
    {
        lock (tensors)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (tensors.TryGetValue((name, device), out var cached)) return cached;
            using var scope = NewDisposeScope();
            var cpu = createOnCpu();
            var value = (device.IsCuda ? cpu.to(device.ToTorch()) : cpu).DetachFromDisposeScope();
            tensors[(name, device)] = value;
            return value;
        }
    }

    public void Dispose()
    {
        lock (tensors)
        {
            if (disposed) return;
            disposed = true;
            foreach (var t in tensors.Values) t.Dispose();
            tensors.Clear();
        }
    }
}
