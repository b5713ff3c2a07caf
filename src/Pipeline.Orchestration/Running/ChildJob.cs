using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Pipeline.TorchExtensions;

namespace Pipeline.Orchestration.Running;

/// <summary>
/// Runs `pipeline job DIR --device D --threads N` as a child process, so a crash or an out-of-memory in one job leaves the
/// worker and the other jobs alive. Its output goes to the worker's log (but for its <see cref="ProgressLines"/>); cancellation asks it to stop with
/// SIGINT (it checkpoints), and kills it if it has not stopped within the grace period.
/// </summary>
public sealed partial class ChildJob(IReadOnlyList<string> command, ILogger logger, Action<string>? onLine = null)
{
    public static readonly TimeSpan StopGrace = TimeSpan.FromMinutes(2);

    public async Task<int> RunAsync(string jobFolder, DeviceId device, int threads, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in command.Skip(1)) start.ArgumentList.Add(a);
        start.ArgumentList.Add("job");
        start.ArgumentList.Add(jobFolder);
        start.ArgumentList.Add("--device");
        start.ArgumentList.Add(device.ToString());
        start.ArgumentList.Add("--threads");
        start.ArgumentList.Add(threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            // Progress lines are for the live view only: a log line per batch would drown the log.
            if (!e.Data.StartsWith(ProgressLines.Prefix, StringComparison.Ordinal)) LogChildLine(logger, e.Data);
            onLine?.Invoke(e.Data);
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) LogChildError(logger, e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellation);
        }
        catch (OperationCanceledException)
        {
            Interrupt(process.Id);
            using var grace = new CancellationTokenSource(StopGrace);
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
        return process.ExitCode;
    }

    private static void Interrupt(int pid)
    {
        if (OperatingSystem.IsWindows()) return;
        _ = kill(pid, SigInt);
    }

    private const int SigInt = 2;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Line}")]
    private static partial void LogChildLine(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Line}")]
    private static partial void LogChildError(ILogger logger, string line);
}
