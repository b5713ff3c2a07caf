using static Pipeline.TorchExtensions.LibTorchSymbols;

namespace Pipeline.TorchExtensions;

/// <summary>
/// torch.backends.cudnn.benchmark: lets cuDNN time its convolution algorithms for each new input shape and keep the
/// fastest, which pays off when shapes repeat (fixed-size training batches). A process-wide flag in libtorch's
/// global context; where the functions are missing, setting it does nothing and it reads false.
/// </summary>
public static unsafe class CudnnBenchmark
{
    public static bool IsAvailable { get; } = AllBound(GlobalContext, SetBenchmarkCuDNN, LibTorchSymbols.BenchmarkCuDNN);

    public static bool Enabled
    {
        get => IsAvailable && (((delegate* unmanaged<IntPtr, byte>)Address(LibTorchSymbols.BenchmarkCuDNN))(Context()) & 1) != 0;
        set
        {
            if (IsAvailable) ((delegate* unmanaged<IntPtr, byte, void>)Address(SetBenchmarkCuDNN))(Context(), value ? (byte)1 : (byte)0);
        }
    }

    private static IntPtr Context() => ((delegate* unmanaged<IntPtr>)Address(GlobalContext))();
}
