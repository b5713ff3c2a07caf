using Pipeline.Orchestration.Jobs;
using Pipeline.TorchExtensions;

namespace Pipeline.Cli.Commands;

/// <summary>
/// What `pipeline run` checks before any job starts, so that a problem of the machine is one line with what to do, exit 2,
/// instead of every job failing with it: the devices exist in this build, Slurm's sbatch is there, the results folder
/// can be written.
/// </summary>
internal static class RunPreflight
{
    /// <param name="source">Where the devices were given: --devices, or the experiment's devices field.</param>
    public static string? DeviceProblem(IReadOnlyList<DeviceId> devices, string source)
    {
        if (devices.FirstOrDefault(d => d.IsCuda) is not { IsCuda: true } first) return null;
        if (!TorchSharp.torch.cuda.is_available())
            return $"{source}: {first} is not available: this build's libtorch ({BuildInfo.TorchSharpPackage}) sees no CUDA device; "
                   + "build with CUDA (./run-all.sh --cuda, or dotnet build -p:TorchSharpCuda=true), or run on --devices cpu (`pipeline doctor` shows what libtorch sees)";
        var count = TorchSharp.torch.cuda.device_count();
        return devices.FirstOrDefault(d => d.IsCuda && d.CudaIndex >= count) is { IsCuda: true } missing
            ? $"{source}: {missing} does not exist: this machine has {count} CUDA device(s), cuda:0 to cuda:{count - 1}"
            : null;
    }

    /// <summary>Why Slurm's client cannot submit from here, or null.</summary>
    public static string? SlurmProblem() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "sbatch")))
            ? null
            : "--dispatcher slurm: sbatch is not on PATH; run from a Slurm login node (or install Slurm's client), or use --dispatcher local";

    /// <summary>Why the results folder cannot be written (a read-only or full file system, no permission), or null.</summary>
    public static string? WriteProblem(ExperimentFolder folder)
    {
        var probe = Path.Combine(folder.Path, $".write-test-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(folder.Path);
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot write to the results folder {folder.Path} ({e.Message}); give a folder you can write with --results DIR";
        }
    }
}
