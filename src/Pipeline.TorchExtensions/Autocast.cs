using TorchSharp;
using static Pipeline.TorchExtensions.LibTorchSymbols;
using static TorchSharp.torch;

namespace Pipeline.TorchExtensions;

/// <summary>
/// torch.autocast for TorchSharp: inside the scope, operators on the device type that autocast covers
/// (convolutions, matrix products) run in the lower precision; the rest keep their types. TorchSharp's operators go
/// through libtorch's dispatcher, so libtorch's thread-local autocast state applies to them as it does in PyTorch.
/// The scope follows torch.autocast's enter and exit exactly: the previous switch and dtype are saved, the nesting
/// count goes up; on exit it goes down, the cast cache is cleared when the outermost scope closes, and the
/// previous switch and dtype are restored. Where libtorch lacks one of the functions, <see cref="IsAvailable"/> is
/// false and a scope changes nothing (full precision).
/// </summary>
public sealed unsafe class Autocast : IDisposable
{
    private readonly DeviceType device;
    private readonly bool previousEnabled;
    private readonly ScalarType previousDtype;
    private readonly bool active;
    private bool disposed;

    private Autocast(DeviceType device, ScalarType dtype, bool enabled)
    {
        this.device = device;
        active = IsAvailable;
        if (!active) return;
        previousEnabled = IsEnabled(device);
        previousDtype = Dtype(device);
        ((delegate* unmanaged<sbyte, byte, void>)Address(SetAutocastEnabled))((sbyte)device, enabled ? (byte)1 : (byte)0);
        ((delegate* unmanaged<sbyte, sbyte, void>)Address(SetAutocastDtype))((sbyte)device, (sbyte)dtype);
        ((delegate* unmanaged<int>)Address(IncrementNesting))();
    }

    /// <summary>Whether every function autocast needs was found in the loaded libtorch.</summary>
    public static bool IsAvailable { get; } = AllBound(SetAutocastEnabled, IsAutocastEnabled, SetAutocastDtype, GetAutocastDtype,
                                                       IncrementNesting, DecrementNesting, ClearCache);

    /// <summary>Enters an autocast region for the device type (with torch.autocast(device_type, dtype, enabled)).</summary>
    public static Autocast Enter(DeviceType deviceType, ScalarType dtype = ScalarType.BFloat16, bool enabled = true) => new(deviceType, dtype, enabled);

    public static bool IsEnabled(DeviceType deviceType) =>
        IsAvailable && (((delegate* unmanaged<sbyte, byte>)Address(IsAutocastEnabled))((sbyte)deviceType) & 1) != 0;

    public static ScalarType Dtype(DeviceType deviceType) =>
        IsAvailable ? (ScalarType)((delegate* unmanaged<sbyte, sbyte>)Address(GetAutocastDtype))((sbyte)deviceType) : ScalarType.Float32;

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        if (!active) return;
        if (((delegate* unmanaged<int>)Address(DecrementNesting))() == 0) ((delegate* unmanaged<void>)Address(ClearCache))();
        ((delegate* unmanaged<sbyte, byte, void>)Address(SetAutocastEnabled))((sbyte)device, previousEnabled ? (byte)1 : (byte)0);
        ((delegate* unmanaged<sbyte, sbyte, void>)Address(SetAutocastDtype))((sbyte)device, (sbyte)previousDtype);
    }
}
