using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.TorchExtensions;

/// <summary>
/// A device named by value ("cpu", "cuda:1"). TorchSharp's <see cref="torch.Device"/> is a class without value
/// equality, and <c>tensor.device</c> returns a new one on every call, so caches keyed by it never hit; options,
/// job assignments and per-device caches use this instead and convert at the tensor boundary.
/// </summary>
public readonly record struct DeviceId(DeviceType Type, int Index = -1)
{
    public static readonly DeviceId CPU = new(DeviceType.CPU);

    public static DeviceId CUDA(int index = 0) => new(DeviceType.CUDA, index);

    public bool IsCuda => Type == DeviceType.CUDA;

    /// <summary>The CUDA ordinal, 0 for "cuda" without one.</summary>
    public int CudaIndex => Math.Max(0, Index);

    /// <summary>The device a tensor lives on.</summary>
    public static DeviceId Of(Tensor tensor) => tensor.device_type == DeviceType.CUDA ? CUDA(tensor.device_index < 0 ? 0 : tensor.device_index) : CPU;

    public Device ToTorch() => IsCuda ? new Device(DeviceType.CUDA, CudaIndex) : torch.CPU;

    /// <summary>Parses "cpu", "cuda" or "cuda:N".</summary>
    public static DeviceId Parse(string text)
    {
        var s = text.Trim().ToLowerInvariant();
        if (s == "cpu") return CPU;
        if (s == "cuda") return CUDA(0);
        if (s.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(s[5..], out var index) && index >= 0) return CUDA(index);
        throw new FormatException($"'{text}' is not a device; use cpu, cuda or cuda:N");
    }

    public override string ToString() => IsCuda ? $"cuda:{CudaIndex}" : "cpu";

    public static implicit operator Device(DeviceId id) => id.ToTorch();
}
