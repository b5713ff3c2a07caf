using Pipeline.Tests.Shared;

namespace Pipeline.TorchExtensions.Tests;

/// <summary>
/// A fact about bf16 values computed on this CPU, compared with PyTorch's: skipped, naming the kernel, where this CPU's
/// libtorch computes bf16 wrongly (<see cref="BFloat16Check"/>), as the pipeline then computes in fp32; and where the
/// PyTorch reference is missing.
/// </summary>
public sealed class TrustedBFloat16FactAttribute : FactAttribute
{
    public TrustedBFloat16FactAttribute()
    {
        if (PyTorchReference.SkipReason is { } missing) Skip = missing;
        else if (BFloat16Check.On(DeviceId.CPU) is { Trustworthy: false } verdict) Skip = $"this CPU's bf16 kernels cannot be trusted: {verdict.Detail}";
    }
}
