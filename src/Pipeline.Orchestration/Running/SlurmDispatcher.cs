using Microsoft.Extensions.Logging;
using Pipeline.Orchestration.Config;
using Pipeline.Orchestration.Jobs;

namespace Pipeline.Orchestration.Running;

/// <summary>
/// Runs a round of attempts as one Slurm array (`sbatch --array`) and follows its tasks with squeue. A task's
/// Slurm state classifies a failure the job could not record itself: a time limit or preemption is a timeout, an
/// out-of-memory kill an oom, a lost node or a cancellation a crash. Ctrl+C cancels the array: its tasks receive
/// SIGTERM and checkpoint.
/// </summary>
public sealed partial class SlurmDispatcher(RunOptions options, SlurmSpec slurm, ILogger<SlurmDispatcher> logger) : IJobDispatcher
{
    public static TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    private readonly SlurmArray array = new(slurm, options.JobCommand, options.ExperimentName, options.Experiment.SlurmDirectory);

    public async Task<IReadOnlyList<AttemptEnd>> RunAsync(int round, IReadOnlyList<JobFolder> folders, Func<JobFolder, bool> ready, CancellationToken stopping)
    {
        // An array starts all its tasks at once: a job not ready now (an attack on a model of this round) waits for a
        // later round. A job another live worker is running is left to it rather than submitted again.
        var elsewhere = folders.Where(JobLease.IsHeld).ToList();
        var submitted = folders.Except(elsewhere).Where(ready).ToList();
        var ends = elsewhere.Select(AttemptEnd.Elsewhere).ToList();
        if (submitted.Count == 0) return ends;
        var arrayId = await array.SubmitAsync(submitted.Select(f => f.Path).ToList(), stopping);
        LogSubmitted(logger, round, arrayId, submitted.Count);
        var states = await FollowAsync(arrayId, submitted.Count, stopping);
        ends.AddRange(submitted.Select((folder, task) => End(folder, states.GetValueOrDefault(task, "UNKNOWN"))));
        return ends;
    }

    private static AttemptEnd End(JobFolder folder, string state) => new(folder, AttemptOutcome.Ended,
        state switch
        {
            "TIMEOUT" or "PREEMPTED" or "DEADLINE" => FailureKind.Timeout,
            "OUT_OF_MEMORY" => FailureKind.Oom,
            _ => FailureKind.Crash,
        },
        $"Slurm task ended {state} without a result",
        // Only a task that failed on its own left a failure record worth keeping; a killed one was cut short.
        TrustRecordedFailure: state == "FAILED");

    private async Task<Dictionary<int, string>> FollowAsync(string arrayId, int tasks, CancellationToken stopping)
    {
        var reported = new Dictionary<int, string>();
        try
        {
            while (true)
            {
                var states = await SlurmArray.StatesAsync(arrayId, stopping);
                foreach (var (task, state) in states)
                    if (!reported.TryGetValue(task, out var before) || before != state)
                    {
                        reported[task] = state;
                        LogTaskState(logger, arrayId, task, state);
                    }
                if (states.Count == tasks && states.Values.All(SlurmArray.Terminal.Contains)) return states;
                await Task.Delay(PollInterval, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            LogCancelling(logger, arrayId);
            await SlurmArray.CancelAsync(arrayId);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "round {Round}: submitted Slurm array {ArrayId} with {Count} jobs")]
    private static partial void LogSubmitted(ILogger logger, int round, string arrayId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Slurm {ArrayId}_{Task}: {State}")]
    private static partial void LogTaskState(ILogger logger, string arrayId, int task, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "stopping: cancelling Slurm array {ArrayId}; its jobs checkpoint and stay pending")]
    private static partial void LogCancelling(ILogger logger, string arrayId);
}
