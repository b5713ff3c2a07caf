using System.Runtime.InteropServices;

namespace Pipeline.TorchExtensions;

/// <summary>
/// libtorch's NNPACK, its fast CPU convolutions. libtorch initialises it once per process, on the first convolution
/// that could use it; where it cannot start (a CPU without AVX2, or one whose features it cannot read, as in some VMs)
/// it writes "Could not initialize NNPACK! Reason: Unsupported hardware." to the process's standard error, and libtorch
/// 2.10 writes it again at every convolution that considers NNPACK: harmless (libtorch uses its other convolutions),
/// but it buried the terminal and broke `bench --json`. <see cref="Initialise"/> runs that initialisation at start-up
/// with standard error captured: the NNPACK line becomes <see cref="Status"/> (doctor shows it), anything else libtorch
/// wrote goes on to standard error, and where NNPACK is unavailable libtorch's C++ log is kept to errors (c10's
/// <c>FLAGS_caffe2_log_level</c>; its warnings have no finer switch), so the repeats are not written either.
/// </summary>
public static class Nnpack
{
    private static readonly object Gate = new();

    /// <summary>"available", the reason it is not, or null before <see cref="Initialise"/> (or where it cannot run).</summary>
    public static string? Status { get; private set; }

    public static void Initialise()
    {
        lock (Gate)
        {
            if (Status is not null || !OperatingSystem.IsLinux()) return;
            var address = LibTorchSymbols.Address(LibTorchSymbols.NnpackAvailable);
            if (address == 0) return;
            var available = false;
            var written = NativeStandardError.Capture(() => available = Call(address));
            Status = available ? "available" : Route(written, Console.Error) ?? "unavailable";
            if (!available) KeepCppLogToErrors();
        }
    }

    // c10's levels: 0 info, 1 warning, 2 error, 3 fatal; a message below the flag's level is not written.
    private const int CppLogError = 2;

    private static void KeepCppLogToErrors()
    {
        var level = LibTorchSymbols.Address(LibTorchSymbols.CppLogLevel);
        if (level != 0 && Marshal.ReadInt32(level) < CppLogError) Marshal.WriteInt32(level, CppLogError);
    }

    /// <summary>Passes every line but libtorch's NNPACK warning on to <paramref name="error"/>; returns that warning, or null.</summary>
    public static string? Route(string written, TextWriter error)
    {
        string? warning = null;
        foreach (var line in written.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Contains("NNPACK", StringComparison.Ordinal)) warning = line.Trim();
            else error.WriteLine(line);
        }
        return warning;
    }

    private static unsafe bool Call(nint address) => ((delegate* unmanaged<byte>)address)() != 0;
}
