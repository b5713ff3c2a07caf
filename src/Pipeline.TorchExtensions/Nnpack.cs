namespace Pipeline.TorchExtensions;

/// <summary>
/// libtorch's NNPACK, its fast CPU convolutions. libtorch initialises it once per process, on the first convolution
/// that could use it, and on a CPU without AVX2 writes "Could not initialize NNPACK! Reason: Unsupported hardware." to
/// the process's standard error: harmless (libtorch then uses its other convolutions), but every job process printed
/// it. <see cref="Initialise"/> runs that initialisation at start-up with standard error captured: the NNPACK line
/// becomes <see cref="Status"/> (doctor shows it) and anything else libtorch wrote goes on to standard error.
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
        }
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
