using Pipeline.TorchExtensions;
using static TorchSharp.torch;

namespace Pipeline.Method.Training;

/// <summary>
/// How a job computes on its device: in bf16 under autocast, or in fp32. Decided once per job from the recipe's
/// precision and what the device's kernels do: bf16 applies on every device whose bf16 arithmetic agrees with fp32
/// (<see cref="BFloat16Check"/>), the CPU included; elsewhere the job computes in fp32 and says why. Every forward pass
/// runs inside <see cref="Scope"/> on every device, enabled or not, so the CPU takes the GPU's code path.
/// </summary>
public sealed record ComputePrecision(DeviceId Device, bool BFloat16, string Reason)
{
    public static ComputePrecision For(Precision configured, DeviceId device)
    {
        if (configured != Precision.Bf16) return new ComputePrecision(device, false, $"fp32 as configured");
        var verdict = BFloat16Check.On(device);
        return verdict.Trustworthy
            ? new ComputePrecision(device, true, $"bf16 autocast on {device} ({verdict.Detail})")
            : new ComputePrecision(device, false, $"fp32, not the configured bf16: {verdict.Detail}");
    }

    /// <summary>The precision used, as metrics.json records it.</summary>
    public string Name => EnumNames.Of(BFloat16 ? Precision.Bf16 : Precision.Fp32);

    /// <summary>The autocast scope of a forward pass (torch.autocast(device_type, torch.bfloat16, enabled=BFloat16)).</summary>
    public Autocast Scope() => Autocast.Enter(Device.Type, ScalarType.BFloat16, enabled: BFloat16);
}
