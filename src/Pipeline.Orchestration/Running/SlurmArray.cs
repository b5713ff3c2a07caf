using System.Globalization;
using System.Text;
using Pipeline.Orchestration.Config;

namespace Pipeline.Orchestration.Running;

/// <summary>
/// One `sbatch --array` submission: task i runs `pipeline job` on the i-th job folder of a shared results
/// folder. SIGTERM reaches the job two minutes before the time limit (and on preemption), so it checkpoints.
/// </summary>
public sealed class SlurmArray(SlurmSpec slurm, IReadOnlyList<string> jobCommand, string experimentName, string scriptFolder)
{
    /// <summary>Slurm states after which a task will not run again.</summary>
    public static readonly IReadOnlySet<string> Terminal = new HashSet<string>
    {
        "COMPLETED", "FAILED", "TIMEOUT", "CANCELLED", "PREEMPTED", "OUT_OF_MEMORY", "NODE_FAIL", "BOOT_FAIL", "DEADLINE",
    };

    public string Script(IReadOnlyList<string> jobFolders)
    {
        var logs = Path.Combine(scriptFolder, "logs");
        var s = new StringBuilder();
        s.AppendLine("#!/bin/bash");
        s.AppendLine($"#SBATCH --job-name=pipeline-{experimentName}");
        s.AppendLine($"#SBATCH --array=0-{jobFolders.Count - 1}");
        s.AppendLine($"#SBATCH --cpus-per-task={slurm.CpusPerTask}");
        s.AppendLine($"#SBATCH --time={slurm.TimeLimit}");
        s.AppendLine("#SBATCH --signal=B:TERM@120");
        s.AppendLine($"#SBATCH --output={Path.Combine(logs, "%A_%a.out")}");
        if (slurm.GpusPerTask > 0) s.AppendLine($"#SBATCH --gres=gpu:{slurm.GpusPerTask}");
        if (slurm.Partition is { } partition) s.AppendLine($"#SBATCH --partition={partition}");
        if (slurm.Account is { } account) s.AppendLine($"#SBATCH --account={account}");
        foreach (var extra in slurm.Extra) s.AppendLine($"#SBATCH {extra}");
        s.AppendLine("jobs=(");
        foreach (var folder in jobFolders) s.AppendLine($"  {ShellWords.Quote(folder)}");
        s.AppendLine(")");
        // Slurm renumbers the allotted GPUs from 0 through CUDA_VISIBLE_DEVICES.
        s.AppendLine(slurm.GpusPerTask > 0 ? "device=cuda:0" : "device=cpu");
        // libtorch gets the task's cores, not the node's.
        s.AppendLine($"exec {string.Join(' ', jobCommand.Select(ShellWords.Quote))} job \"${{jobs[$SLURM_ARRAY_TASK_ID]}}\" --device \"$device\" --threads {slurm.CpusPerTask}");
        return s.ToString();
    }

    /// <summary>Writes the script and submits it; returns the array's job id.</summary>
    public async Task<string> SubmitAsync(IReadOnlyList<string> jobFolders, CancellationToken cancellation)
    {
        Directory.CreateDirectory(Path.Combine(scriptFolder, "logs"));
        var path = Path.Combine(scriptFolder, $"array-{DateTime.UtcNow:yyyyMMdd-HHmmss-fff}.sh");
        await File.WriteAllTextAsync(path, Script(jobFolders), cancellation);
        var output = await SlurmCommands.RunAsync("sbatch", ["--parsable", path], cancellation);
        return output.Trim().Split(';')[0];
    }

    /// <summary>Each task's state by array index; tasks not yet split out of a pending array are absent.</summary>
    public static async Task<Dictionary<int, string>> StatesAsync(string arrayId, CancellationToken cancellation)
    {
        var output = await SlurmCommands.RunAsync("squeue", ["-h", "-t", "all", "-j", arrayId, "-o", "%K|%T"], cancellation);
        var states = new Dictionary<int, string>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('|');
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var task)) states[task] = parts[1];
        }
        return states;
    }

    public static Task CancelAsync(string arrayId) => SlurmCommands.RunAsync("scancel", [arrayId], CancellationToken.None);
}
