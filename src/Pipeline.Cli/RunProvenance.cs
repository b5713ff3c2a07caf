using Pipeline.Orchestration.Jobs;
using Pipeline.Orchestration.Running;
using Pipeline.TorchExtensions;

namespace Pipeline.Cli;

/// <summary>
/// What run.json records of this process: the pipeline's version and commit (stamped in at build time), the
/// TorchSharp package and the libtorch and CUDA it loaded, the devices, the command line and the times.
/// </summary>
public static class RunProvenance
{
    /// <param name="devices">The devices the jobs get; empty when a scheduler decides (Slurm).</param>
    /// <param name="overrides">The experiment's command-line overrides (--set), as given.</param>
    public static RunRecord Start(IEnumerable<DeviceId> devices, IReadOnlyList<string> overrides)
    {
        NativeLibraries.EnsureLoaded();
        return new RunRecord
        {
            PipelineVersion = BuildInfo.Version,
            GitCommit = BuildInfo.Commit,
            TorchsharpVersion = NativeLibraries.TorchSharpVersion,
            TorchsharpPackage = BuildInfo.TorchSharpPackage.Split(' ')[0],
            LibtorchVersion = NativeLibraries.LibTorchVersion,
            CudaVersion = CudaDevices.RuntimeVersion is { } runtime
                ? $"{CudaDevices.FormatVersion(runtime)} (driver {CudaDevices.FormatVersion(CudaDevices.DriverVersion)})"
                : null,
            Devices = devices.Select(Describe).ToArray(),
            Overrides = overrides,
            // The run verb takes no key, so its command line is safe to publish.
            CommandLine = string.Join(' ', Environment.GetCommandLineArgs().Skip(1).Select(ShellWords.QuoteIfNeeded).Prepend("pipeline")),
            Started = DateTimeOffset.UtcNow,
        };
    }

    private static string Describe(DeviceId device) =>
        device.IsCuda && CudaDevices.Describe(device.CudaIndex) is { } facts ? $"{facts.Name} ({device})" : device.ToString();
}
