namespace Pipeline.Torch.Tests;

/// <summary>
/// The device the op and gradient tests run on: the CPU by default, cuda:0 when PIPELINE_TEST_DEVICE=cuda
/// (or cuda:N). Asking for CUDA where there is none fails loudly rather than quietly testing the CPU again.
/// </summary>
public static class TestDevice
{
    public static Device Current { get; } = Resolve(Environment.GetEnvironmentVariable("PIPELINE_TEST_DEVICE"));

    private static Device Resolve(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting)) return Device.CPU;
        var device = Device.Parse(setting);
        if (device.IsCuda && !torch.cuda.is_available())
            throw new InvalidOperationException($"PIPELINE_TEST_DEVICE={setting} but torch.cuda.is_available() is false");
        return device;
    }

    /// <summary>Copies a CPU tensor to the test device, releasing the CPU original.</summary>
    public static Tensor On(Tensor cpu)
    {
        if (Current == Device.CPU) return cpu;
        using (cpu) return cpu.to(Current);
    }

    public static Tensor Floats(float[] values, params long[] shape) => On(torch.tensor(values, shape));
    public static Tensor Doubles(double[] values, params long[] shape) => On(torch.tensor(values, shape));
    public static Tensor Longs(long[] values, params long[] shape) => On(torch.tensor(values, shape));
    public static Tensor Bools(bool[] values, params long[] shape) => On(torch.tensor(values, shape));
}
