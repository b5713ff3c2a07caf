using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Method.Jobs;
using Pipeline.Orchestration.Config;
using Pipeline.Orchestration.Jobs;
using Pipeline.TorchExtensions;

namespace Pipeline.Orchestration.Running;

/// <summary>
/// The hosted worker of `pipeline run`: feeds the experiment's unfinished jobs through a bounded channel to one
/// reader per device slot (<see cref="RunOptions.Slots"/>); each runs one job at a time as a child process and retries failures by kind
/// within the retry budget. A job whose lease another live process holds is waited for, never run twice.
/// </summary>
public sealed partial class ExperimentWorker(
    RunOptions options, IReadOnlyList<JobSpec> jobs, RetryPolicy retries, RunOutcome outcome, RunProgress progress,
    IHostApplicationLifetime lifetime, ILogger<ExperimentWorker> logger) : BackgroundService
{
    private static readonly TimeSpan LeasePoll = TimeSpan.FromSeconds(2);
    private int done;

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var store = new JobStore(options.ResultsRoot, options.ExperimentName);
        foreach (var job in jobs) store.Save(job);
        var slots = options.Slots();
        var queue = Channel.CreateBounded<JobSpec>(new BoundedChannelOptions(slots.Count) { SingleWriter = true });
        LogStarting(logger, jobs.Count, options.ExperimentFolder, string.Join(", ", slots.Select(s => $"{s.Name} ({s.Threads} threads)")));

        var readers = slots.Select(s => Task.Run(() => ReadQueue(queue.Reader, store, s, stopping), CancellationToken.None)).ToList();
        try
        {
            foreach (var job in jobs) await queue.Writer.WriteAsync(job, stopping);
            queue.Writer.Complete();
            await Task.WhenAll(readers);
            outcome.Completed = !stopping.IsCancellationRequested;
        }
        catch (OperationCanceledException)
        {
            queue.Writer.TryComplete();
            await Task.WhenAll(readers);
        }
        finally
        {
            CountUnfinished(store);
            LogDone(logger, outcome.Finished, outcome.Failed, outcome.Unfinished);
            lifetime.StopApplication();
        }
    }

    private async Task ReadQueue(ChannelReader<JobSpec> reader, JobStore store, DeviceSlot slot, CancellationToken stopping)
    {
        try
        {
            await foreach (var job in reader.ReadAllAsync(stopping))
            {
                using var scope = logger.BeginScope("job {JobId}", job.Id);
                await RunWithRetries(job, store.Folder(job.Id), slot, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task RunWithRetries(JobSpec job, JobFolder folder, DeviceSlot slot, CancellationToken stopping)
    {
        var label = $"{job.Method}{(job.BlockSize is { } m ? $" M={m}" : "")}{(job.KeyFingerprint is { } f ? $" key {f}" : "")}";
        while (true)
        {
            stopping.ThrowIfCancellationRequested();
            if (File.Exists(folder.File(SegmentationJob.MetricsFile)))
            {
                Completed(job, label, folder.ReadStatus()?.Message ?? "finished earlier");
                return;
            }
            if (JobLease.IsHeld(folder.Path))
            {
                LogElsewhere(logger, job.Id, label);
                while (JobLease.IsHeld(folder.Path)) await Task.Delay(LeasePoll, stopping);
                continue;
            }
            var status = folder.ReadStatus() ?? JobStatus.Pending;
            if (status.State == JobState.Failed && !HasBudget(status))
            {
                Failed(job, label, status);
                return;
            }
            if (status.State == JobState.Running)
            {
                LogDied(logger, job.Id, label);
                folder.WriteStatus(status with { State = JobState.Pending, Message = "its process died; resuming from the last checkpoint" });
            }

            LogStartingJob(logger, job.Id, label, slot.Name, status.Attempts + 1);
            progress.JobStarted(slot.Name, job.Id, label);
            int exit;
            try
            {
                exit = await new ChildJob(options.JobCommand, logger, line => progress.JobLine(slot.Name, line)).RunAsync(folder.Path, slot.Device, slot.Threads, stopping);
            }
            finally
            {
                progress.JobEnded(slot.Name);
            }
            stopping.ThrowIfCancellationRequested();
            if (exit == JobExitCodes.Finished || exit == JobExitCodes.LeaseHeld) continue;

            var after = folder.ReadStatus() ?? status;
            if (after.State != JobState.Failed)
            {
                // The child died without recording why (a signal, a native crash): that is a crash.
                after = after.WithFailure(FailureKind.Crash, $"the job process exited with code {exit} without recording a result");
                folder.WriteStatus(after);
            }
            if (!HasBudget(after))
            {
                Failed(job, label, after);
                return;
            }
            var kind = after.FailureKind ?? FailureKind.Crash;
            LogRetry(logger, job.Id, kind.ToString().ToLowerInvariant(), after.FailuresOf(kind), retries.For(kind), after.Message ?? "");
            folder.WriteStatus(after with { State = JobState.Pending });
        }
    }

    private bool HasBudget(JobStatus status) => RetryRules.HasBudget(status, retries);

    private void Completed(JobSpec job, string label, string message)
    {
        outcome.AddFinished();
        progress.JobSettled(true, label, message);
        LogFinished(logger, Interlocked.Increment(ref done), jobs.Count, job.Id, label, message);
    }

    private void Failed(JobSpec job, string label, JobStatus status)
    {
        outcome.AddFailed();
        progress.JobSettled(false, label, $"failed: {status.Message}");
        LogFailed(logger, Interlocked.Increment(ref done), jobs.Count, job.Id, label, status.Message ?? "");
    }

    private void CountUnfinished(JobStore store)
    {
        foreach (var job in jobs)
        {
            var folder = store.Folder(job.Id);
            var state = folder.ReadStatus()?.State;
            if (!File.Exists(folder.File(SegmentationJob.MetricsFile)) && state != JobState.Failed) outcome.AddUnfinished();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "running {Count} jobs of {Folder} on {Devices}")]
    private static partial void LogStarting(ILogger logger, int count, string folder, string devices);

    [LoggerMessage(Level = LogLevel.Information, Message = "job {JobId} ({Label}) starts on {Device}, attempt {Attempt}")]
    private static partial void LogStartingJob(ILogger logger, string jobId, string label, string device, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "[{Done}/{Total}] job {JobId} ({Label}) finished: {Message}")]
    private static partial void LogFinished(ILogger logger, int done, int total, string jobId, string label, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "[{Done}/{Total}] job {JobId} ({Label}) failed for good: {Message}")]
    private static partial void LogFailed(ILogger logger, int done, int total, string jobId, string label, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {JobId} failed ({Kind}, {Failures} of {Budget} retries used): {Message}; retrying")]
    private static partial void LogRetry(ILogger logger, string jobId, string kind, int failures, int budget, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "job {JobId} ({Label}) is being run by another worker; waiting for it")]
    private static partial void LogElsewhere(ILogger logger, string jobId, string label);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {JobId} ({Label}) was left running by a process that died; it resumes from its checkpoint")]
    private static partial void LogDied(ILogger logger, string jobId, string label);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Finished} finished, {Failed} failed, {Unfinished} not finished")]
    private static partial void LogDone(ILogger logger, int finished, int failed, int unfinished);
}
