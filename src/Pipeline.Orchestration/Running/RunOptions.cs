using Pipeline.TorchExtensions;

namespace Pipeline.Orchestration.Running;

/// <summary>What `pipeline run` was asked to do, validated before the host starts.</summary>
public sealed record RunOptions
{
    public required string ExperimentName { get; init; }
    /// <summary>The results root; the experiment's jobs live in &lt;root&gt;/&lt;experiment&gt;/jobs.</summary>
    public required string ResultsRoot { get; init; }
    public required IReadOnlyList<DeviceId> Devices { get; init; }
    /// <summary>The command that starts `pipeline job`: this program, with its dll when run through dotnet.</summary>
    public required IReadOnlyList<string> JobCommand { get; init; }

    public string ExperimentFolder => Path.Combine(ResultsRoot, ExperimentName);

    public void Validate()
    {
        if (Devices.Count == 0) throw new ArgumentException("at least one device is needed");
        if (Devices.Distinct().Count() != Devices.Count) throw new ArgumentException($"a device is listed twice: {string.Join(", ", Devices)}");
        if (JobCommand.Count == 0) throw new ArgumentException("the job command is empty");
    }

    /// <summary>How this very program is started again for a child job: `dotnet pipeline.dll` or the apphost.</summary>
    public static IReadOnlyList<string> CurrentProgram()
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("the process path is unknown");
        var entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
        return Path.GetFileNameWithoutExtension(host) == "dotnet" && entry is not null ? [host, entry] : [host];
    }
}
