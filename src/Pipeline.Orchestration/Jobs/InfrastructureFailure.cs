using System.Runtime.InteropServices;
using Pipeline.TorchExtensions;

namespace Pipeline.Orchestration.Jobs;

/// <summary>
/// Tells the machine's failures apart from the job's: a device that cannot be used, a results folder that cannot be
/// written. They would fail every attempt alike until someone fixes the machine, so they spend no retry budget, and
/// the message says what to fix.
/// </summary>
public static class InfrastructureFailure
{
    // errno values .NET leaves in an IOException's HResult on Unix.
    private const int NoSpace = 28, ReadOnlyFileSystem = 30, QuotaExceeded = 122;

    // What libtorch and TorchSharp say when a CUDA device is missing or lost, as opposed to a fault of the job's own.
    private static readonly string[] DeviceMarkers =
    [
        "did not initialise", "no CUDA-capable device", "CUDA driver version is insufficient", "invalid device ordinal",
        "busy or unavailable", "uncorrectable ECC error", "GPU is lost", "Torch not compiled with CUDA",
    ];

    /// <summary>The kind and what to do, or null when the failure is the job's own.</summary>
    public static (FailureKind Kind, string Message)? Of(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            var message = TorchErrors.FirstLine(inner);
            switch (inner)
            {
                case IOException { HResult: NoSpace or QuotaExceeded }:
                    return (FailureKind.Storage, $"the disk is full ({message}); free space there and run again");
                case IOException { HResult: ReadOnlyFileSystem }:
                case UnauthorizedAccessException:
                    return (FailureKind.Storage, $"the results cannot be written ({message}); make the results folder writable, or run with --results DIR");
                case ExternalException or InvalidOperationException when DeviceMarkers.Any(m => message.Contains(m, StringComparison.OrdinalIgnoreCase)):
                    return (FailureKind.Device, $"the device cannot be used ({message}); `pipeline doctor` shows the devices this build sees: "
                                                + "fix the device or run on another (--devices)");
            }
        }
        return null;
    }

    public static bool IsInfrastructure(this FailureKind kind) => kind is FailureKind.Device or FailureKind.Storage;
}
