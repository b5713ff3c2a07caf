using System.Text.RegularExpressions;

namespace Pipeline.Orchestration.Config;

/// <summary>The <c>slurm</c> section: how the Slurm dispatcher submits the grid as one <c>sbatch --array</c>.</summary>
public sealed partial record SlurmSpec
{
    public string? Partition { get; init; }
    public string? Account { get; init; }
    public required int GpusPerTask { get; init; }
    public required int CpusPerTask { get; init; }

    /// <summary>Per array task, as sbatch takes it: HH:MM:SS (hours may exceed 24).</summary>
    public required string TimeLimit { get; init; }

    /// <summary>Further sbatch arguments, passed unchanged (e.g. --qos=high).</summary>
    public required string[] Extra { get; init; }

    public static SlurmSpec Default { get; } = new() { GpusPerTask = 1, CpusPerTask = 8, TimeLimit = "24:00:00", Extra = [] };

    internal static SlurmSpec Read(ConfigSection s)
    {
        var partition = s.Field("partition")?.Text();
        var account = s.Field("account")?.Text();
        var gpus = s.Field("gpus_per_task")?.Int(0, 64) ?? Default.GpusPerTask;
        var cpus = s.Field("cpus_per_task")?.Int(1, 1024) ?? Default.CpusPerTask;
        var timeValue = s.Field("time_limit");
        var time = timeValue?.Text() ?? Default.TimeLimit;
        var extra = s.Field("extra")?.Sequence()?.Select(v => v.Text() ?? "").ToArray() ?? [];
        s.RejectUnknown();
        if (timeValue is { } t && !TimeLimitFormat().IsMatch(time))
            t.Error($"'{time}' is not a time limit; allowed: HH:MM:SS, e.g. 04:00:00");
        return new SlurmSpec { Partition = partition, Account = account, GpusPerTask = gpus, CpusPerTask = cpus, TimeLimit = time, Extra = extra };
    }

    [GeneratedRegex(@"^\d{1,4}:[0-5]\d:[0-5]\d$")]
    private static partial Regex TimeLimitFormat();
}
