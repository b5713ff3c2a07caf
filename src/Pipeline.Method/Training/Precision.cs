namespace Pipeline.Method.Training;

/// <summary>What a recipe computes in (<see cref="ComputePrecision"/> decides what a device really uses); written "bf16", "fp32".</summary>
public enum Precision
{
    /// <summary>bf16 autocast, where the device's bf16 kernels are trustworthy.</summary>
    Bf16,
    Fp32,
}
