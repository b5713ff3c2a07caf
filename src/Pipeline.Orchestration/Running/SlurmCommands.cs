using System.Diagnostics;

namespace Pipeline.Orchestration.Running;

/// <summary>Runs Slurm's client commands (sbatch, squeue, scancel) and returns their output; SLURM_CONF passes through.</summary>
public static class SlurmCommands
{
    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{program} could not be started ({e.Message}); is Slurm's client installed and on PATH?", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellation);
            var error = process.StandardError.ReadToEndAsync(cancellation);
            await process.WaitForExitAsync(cancellation);
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {(await error).Trim()}");
            return await output;
        }
    }
}
