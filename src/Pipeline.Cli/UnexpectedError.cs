using Pipeline.Orchestration.Running;
using Pipeline.TorchExtensions;

namespace Pipeline.Cli;

/// <summary>
/// The last resort for an error no verb expected: one line on the terminal naming what failed and where its trace
/// is, the trace in the run's log (`pipeline run`) or in a file of its own, and <see cref="ExitCodes.Internal"/>.
/// </summary>
public static class UnexpectedError
{
    /// <summary>The log of the run under way, once `pipeline run` knows its results folder; null for other verbs.</summary>
    public static string? RunLog { get; set; }

    public static int Report(string verb, Exception e, TextWriter terminal)
    {
        var trace = $"{DateTime.Now:yyyy-MM-dd HH:mm:ss} error: pipeline {verb} failed unexpectedly{Environment.NewLine}{e}{Environment.NewLine}";
        var file = RunLog ?? Path.Combine(Path.GetTempPath(), $"pipeline-{verb}-error-{DateTime.Now:yyyyMMdd-HHmmss}-{Environment.ProcessId}.log");
        string where;
        try
        {
            using (var log = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
            using (var writer = new StreamWriter(log)) writer.Write(trace);
            where = $"the details are in {file}";
        }
        catch (Exception unwritable) when (unwritable is IOException or UnauthorizedAccessException)
        {
            where = $"its details could not be written to {file} either ({unwritable.Message})";
        }
        terminal.WriteLine($"pipeline {verb}: unexpected error: {e.GetType().Name}: {TorchErrors.FirstLine(e)}; {where}");
        return ExitCodes.Internal;
    }
}
