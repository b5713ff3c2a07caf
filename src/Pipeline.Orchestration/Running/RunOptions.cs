using Pipeline.TorchExtensions;

namespace Pipeline.Orchestration.Running;

/// <summary>What `pipeline run` was asked to do, validated before the host starts.</summary>
public sealed record RunOptions
{
    public required string ExperimentName { get; init; }
    /// <summary>The experiment's results folder; its jobs live in &lt;folder&gt;/jobs.</summary>
    public required string ResultsFolder { get; init; }
    public required IReadOnlyList<DeviceId> Devices { get; init; }
    /// <summary>Jobs run on the CPU at once (when it is among the devices), sharing its cores equally.</summary>
    public int CpuJobs { get; init; } = 1;
    /// <summary>The command that starts `pipeline job`: this program, with its dll when run through dotnet.</summary>
    public required IReadOnlyList<string> JobCommand { get; init; }

    /// <summary>Whether jobs that failed for good get a fresh retry budget (`pipeline run --retry-failed`).</summary>
    public bool RetryFailed { get; init; }

    public Jobs.ExperimentFolder Experiment => new(ResultsFolder);

    public void Validate()
    {
        if (Devices.Count == 0) throw new ArgumentException("at least one device is needed");
        if (Devices.Distinct().Count() != Devices.Count) throw new ArgumentException($"a device is listed twice: {string.Join(", ", Devices)}");
        if (JobCommand.Count == 0) throw new ArgumentException("the job command is empty");
        if (CpuJobs < 1) throw new ArgumentException($"cpu jobs {CpuJobs} must be at least 1");
    }

    /// <summary>
    /// Where jobs run at once: one slot per CUDA device, with every core for its host-side work, and
    /// <see cref="CpuJobs"/> slots on the CPU, each with an equal share of the cores.
    /// </summary>
    public IReadOnlyList<DeviceSlot> Slots()
    {
        var cpuThreads = Math.Max(1, Environment.ProcessorCount / CpuJobs);
        return Devices.SelectMany(d => d.IsCuda
            ? [new DeviceSlot(d.ToString(), d, Environment.ProcessorCount)]
            : Enumerable.Range(1, CpuJobs).Select(k => new DeviceSlot(CpuJobs == 1 ? "cpu" : $"cpu/{k}", d, cpuThreads))).ToList();
    }

    /// <summary>How this very program is started again for a child job: `dotnet pipeline.dll` or the apphost.</summary>
    public static IReadOnlyList<string> CurrentProgram()
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("the process path is unknown");
        var entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
        return Path.GetFileNameWithoutExtension(host) == "dotnet" && entry is not null ? [host, entry] : [host];
    }
}
