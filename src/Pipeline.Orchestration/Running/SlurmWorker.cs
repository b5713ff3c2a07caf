using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Method.Jobs;
using Pipeline.Orchestration.Config;
using Pipeline.Orchestration.Jobs;

namespace Pipeline.Orchestration.Running;

/// <summary>
/// The hosted worker of `pipeline run --dispatcher slurm`: submits the unfinished jobs as one Slurm array,
/// follows its tasks, reads each job's outcome from its folder (the source of truth), classifies failures
/// (a Slurm time limit or preemption is a timeout; a lost node or cancellation a crash) and submits the
/// jobs with retry budget left as the next array, until none is left. Ctrl+C cancels the array (its
/// tasks receive SIGTERM and checkpoint).
/// </summary>
public sealed partial class SlurmWorker(
    RunOptions options, SlurmSpec slurm, IReadOnlyList<JobSpec> jobs, RetryPolicy retries, RunOutcome outcome,
    IHostApplicationLifetime lifetime, ILogger<SlurmWorker> logger) : BackgroundService
{
    public static TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var store = new JobStore(options.ResultsRoot, options.ExperimentName);
        foreach (var job in jobs) store.Save(job);
        var array = new SlurmArray(slurm, options.JobCommand, options.ExperimentName, Path.Combine(options.ExperimentFolder, "slurm"));
        var remaining = jobs.ToList();
        try
        {
            for (var round = 1; remaining.Count > 0; round++)
            {
                remaining = remaining.Where(j => !Settled(store.Folder(j.Id))).ToList();
                if (remaining.Count == 0) break;
                var folders = remaining.Select(j => store.Folder(j.Id).Path).ToList();
                var arrayId = await array.SubmitAsync(folders, stopping);
                LogSubmitted(logger, round, arrayId, remaining.Count);
                var states = await FollowAsync(arrayId, remaining.Count, stopping);
                remaining = remaining.Where((job, task) => Judge(job, store.Folder(job.Id), states.GetValueOrDefault(task, "UNKNOWN"))).ToList();
            }
            outcome.Completed = true;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var job in jobs) Count(store.Folder(job.Id));
            LogDone(logger, outcome.Finished, outcome.Failed, outcome.Unfinished);
            lifetime.StopApplication();
        }
    }

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

    /// <summary>Records what became of a job after its task ended; true when it should run again.</summary>
    private bool Judge(JobSpec job, JobFolder folder, string slurmState)
    {
        if (File.Exists(folder.File(SegmentationJob.MetricsFile))) return false;
        if (JobLease.IsHeld(folder.Path)) return false;
        var status = folder.ReadStatus() ?? JobStatus.Pending;
        var recordedFailure = status.State == JobState.Failed && slurmState == "FAILED";
        if (!recordedFailure)
        {
            var kind = slurmState switch
            {
                "TIMEOUT" or "PREEMPTED" or "DEADLINE" => FailureKind.Timeout,
                "OUT_OF_MEMORY" => FailureKind.Oom,
                _ => FailureKind.Crash,
            };
            status = status.WithFailure(kind, $"Slurm task ended {slurmState} without a result");
            folder.WriteStatus(status);
        }
        if (!RetryRules.HasBudget(status, retries))
        {
            LogFailed(logger, job.Id, status.Message ?? slurmState);
            return false;
        }
        LogRetry(logger, job.Id, (status.FailureKind ?? FailureKind.Crash).ToString().ToLowerInvariant(), status.Message ?? slurmState);
        folder.WriteStatus(status with { State = JobState.Pending });
        return true;
    }

    /// <summary>Finished, or failed with no budget left: nothing more to submit.</summary>
    private bool Settled(JobFolder folder) =>
        File.Exists(folder.File(SegmentationJob.MetricsFile))
        || folder.ReadStatus() is { State: JobState.Failed } s && !RetryRules.HasBudget(s, retries);

    private void Count(JobFolder folder)
    {
        if (File.Exists(folder.File(SegmentationJob.MetricsFile))) outcome.AddFinished();
        else if (folder.ReadStatus()?.State == JobState.Failed) outcome.AddFailed();
        else outcome.AddUnfinished();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "round {Round}: submitted Slurm array {ArrayId} with {Count} jobs")]
    private static partial void LogSubmitted(ILogger logger, int round, string arrayId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Slurm {ArrayId}_{Task}: {State}")]
    private static partial void LogTaskState(ILogger logger, string arrayId, int task, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {JobId} failed ({Kind}): {Message}; resubmitting")]
    private static partial void LogRetry(ILogger logger, string jobId, string kind, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "job {JobId} failed for good: {Message}")]
    private static partial void LogFailed(ILogger logger, string jobId, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "stopping: cancelling Slurm array {ArrayId}; its jobs checkpoint and stay pending")]
    private static partial void LogCancelling(ILogger logger, string arrayId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Finished} finished, {Failed} failed, {Unfinished} not finished")]
    private static partial void LogDone(ILogger logger, int finished, int failed, int unfinished);
}
